import { getOpenApiSpecRoute } from '@backstage/backend-openapi-utils';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  mcpCatalogRefreshPermission,
  mcpServerDisablePermission,
  mcpToolApprovePermission,
  mcpToolDisablePermission,
} from '@mcp-platform/plugin-mcp-catalog-common';
import {
  itIsAWellFormedBackendSpec,
  itKeepsTheGeneratedRouterCurrent,
  OpenApiDocument,
  routesOf,
} from '@mcp-platform/test-utils';
import express from 'express';
import path from 'node:path';
import request from 'supertest';
import { McpCatalogStore } from '../database/McpCatalogStore';
import { DiscoveryScheduler } from '../discovery/DiscoveryScheduler';
import {
  createOpenApiRouter,
  spec as generatedSpec,
} from '../schema/openapi/generated/router';
import { createRouter, RouterOptions } from './createRouter';
import { VisibleMcpServers } from './VisibleMcpServers';

const spec = new OpenApiDocument(path.resolve(__dirname, '../../openapi.yaml'));
const { doc } = spec;

describe('openapi.yaml', () => {
  describe('structure', () => {
    itIsAWellFormedBackendSpec(spec);
    itKeepsTheGeneratedRouterCurrent(path.resolve(__dirname, '../..'));

    it('names the permission each mutation needs', () => {
      const byId = Object.fromEntries(
        spec.operations().map(o => [o.operation.operationId, o.operation]),
      );
      expect(byId.refreshServer?.description).toContain(
        mcpCatalogRefreshPermission.name,
      );
      expect(byId.approveTool?.description).toContain(
        mcpToolApprovePermission.name,
      );
      for (const id of ['disableServer', 'enableServer'])
        expect(byId[id]?.description).toContain(
          mcpServerDisablePermission.name,
        );
      for (const id of ['disableTool', 'enableTool'])
        expect(byId[id]?.description).toContain(mcpToolDisablePermission.name);
      expect(
        spec
          .operations()
          .filter(o => o.method !== 'get')
          .map(o => o.operation.operationId)
          .sort(),
      ).toEqual([
        'approveTool',
        'disableServer',
        'disableTool',
        'enableServer',
        'enableTool',
        'refreshServer',
      ]);
    });
  });

  const routerOptions = (): RouterOptions => ({
    logger: mockServices.logger.mock(),
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions(),
    auditor: mockServices.auditor.mock(),
    // Only used by routes these tests do not call.
    store: {} as McpCatalogStore,
    scheduler: {} as DiscoveryScheduler,
    visibleServers: {} as VisibleMcpServers,
    registry: {
      namespace: 'internal.backstage',
      gate: {
        lifecycles: ['production'],
        maxFindingSeverity: 'low',
        requireApprovedTools: true,
      },
    },
  });

  it('documents exactly the routes createRouter registers', async () => {
    const router = await createRouter(routerOptions());
    const registered = routesOf(router);
    const documented = spec
      .operations()
      .map(o => `${o.method.toUpperCase()} ${o.path}`);

    expect(registered).toContain('GET /v0/servers/{serverName}');
    expect(new Set(registered).size).toBe(registered.length);
    expect([...documented].sort()).toEqual([...registered].sort());
  });

  it('declares every path parameter, and no others', () => {
    for (const {
      method,
      path: p,
      operation,
      pathParameters,
    } of spec.operations()) {
      const where = `${method.toUpperCase()} ${p}`;
      const inTemplate = [...p.matchAll(/\{([^}]+)\}/g)].map(m => m[1]).sort();
      const declared = [...pathParameters, ...(operation.parameters ?? [])]
        .map(parameter => spec.deref(parameter))
        .filter(parameter => parameter.in === 'path');
      expect([where, declared.map(d => d.name).sort()]).toEqual([
        where,
        inTemplate,
      ]);
      for (const parameter of declared) {
        expect([where, parameter.name, parameter.required]).toEqual([
          where,
          parameter.name,
          true,
        ]);
      }
    }
  });

  it('is served at GET /openapi.json, where Backstage looks, to signed-in callers', async () => {
    const app = express()
      .use(
        '/api/mcp-catalog',
        await createRouter({
          ...routerOptions(),
          httpAuth: mockServices.httpAuth({
            defaultCredentials: mockCredentials.none(),
          }),
        }),
      )
      .use(mockErrorHandler());
    const route = getOpenApiSpecRoute('/api/mcp-catalog');

    const served = await request(app)
      .get(route)
      .set('Authorization', mockCredentials.user.header());
    expect(served.status).toBe(200);
    expect(served.body).toEqual(JSON.parse(JSON.stringify(generatedSpec)));
    expect(served.body.info).toEqual(doc.info);
    expect(Object.keys(served.body.paths)).toEqual(Object.keys(doc.paths));
    expect((await request(app).get(route)).status).toBe(401);
  });

  // `yarn tsc` fails if a line after @ts-expect-error type-checks. The kill switch and the
  // registry are sub-routers mounted at /v1 and /v0: their paths are typed relative to that.
  it('types the routes of mounted sub-routers relative to where they are mounted', () => {
    const v1 = createOpenApiRouter('/v1');
    v1.post('/servers/:namespace/:name/disable', req => req.params.name);
    // @ts-expect-error: the full path is not a path under /v1
    v1.post('/v1/servers/:namespace/:name/disable', () => {});
    // @ts-expect-error: documented under /v0, not under /v1
    v1.get('/servers/:serverName/versions', () => {});
    const v0 = createOpenApiRouter('/v0');
    v0.get('/servers/:serverName/versions', (_req, res) => {
      // @ts-expect-error: a list's count goes in its metadata
      res.json({ servers: [], count: 0 });
    });

    expect([...routesOf(v1), ...routesOf(v0)]).toEqual([
      'POST /servers/{namespace}/{name}/disable',
      'POST /v1/servers/{namespace}/{name}/disable',
      'GET /servers/{serverName}/versions',
      'GET /servers/{serverName}/versions',
    ]);
  });
});
