import { mockServices } from '@backstage/backend-test-utils';
import {
  mcpCatalogRefreshPermission,
  mcpServerDisablePermission,
  mcpToolApprovePermission,
  mcpToolDisablePermission,
} from '@mcp-platform/plugin-mcp-catalog-common';
import {
  itDocumentsExactlyTheRegisteredRoutes,
  itIsAWellFormedBackendSpec,
  itServesTheDocument,
  itKeepsTheGeneratedRouterCurrent,
  OpenApiDocument,
  routesOf,
} from '@mcp-platform/test-utils';
import path from 'node:path';
import { McpCatalogStore } from '../database/McpCatalogStore';
import { DiscoveryScheduler } from '../discovery/DiscoveryScheduler';
import {
  createOpenApiRouter,
  spec as generatedSpec,
} from '../schema/openapi/generated/router';
import { createRouter, RouterOptions } from './createRouter';
import { VisibleMcpServers } from './VisibleMcpServers';

const spec = new OpenApiDocument(path.resolve(__dirname, '../../openapi.yaml'));

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

  itDocumentsExactlyTheRegisteredRoutes(
    spec,
    () => createRouter(routerOptions()),
    'GET /v0/servers/{serverName}',
  );

  itServesTheDocument({
    pluginId: 'mcp-catalog',
    spec,
    generatedSpec,
    createRouter: httpAuth => createRouter({ ...routerOptions(), httpAuth }),
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
