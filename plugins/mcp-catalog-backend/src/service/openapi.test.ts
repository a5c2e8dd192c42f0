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
import { itKeepsTheGeneratedRouterCurrent } from '@mcp-platform/test-utils';
import express from 'express';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { McpCatalogStore } from '../database/McpCatalogStore';
import { DiscoveryScheduler } from '../discovery/DiscoveryScheduler';
import {
  createOpenApiRouter,
  spec as generatedSpec,
} from '../schema/openapi/generated/router';
import { createRouter, RouterOptions } from './createRouter';
import { VisibleMcpServers } from './VisibleMcpServers';

const HTTP_METHODS = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
];

type Json = any;

const doc: Json = parse(
  fs.readFileSync(path.resolve(__dirname, '../../openapi.yaml'), 'utf8'),
);

/** Every operation of the document, with the parameters of its path item. */
function operations(): {
  method: string;
  path: string;
  operation: Json;
  pathParameters: Json[];
}[] {
  return Object.entries<Json>(doc.paths ?? {}).flatMap(([p, item]) =>
    Object.keys(item)
      .filter(key => HTTP_METHODS.includes(key))
      .map(method => ({
        method,
        path: p,
        operation: item[method],
        pathParameters: item.parameters ?? [],
      })),
  );
}

/** Resolves a local JSON pointer such as `#/components/schemas/McpFinding`. */
function resolveRef(ref: string): Json {
  if (!ref.startsWith('#/')) {
    throw new Error(`${ref} is not a local reference`);
  }
  return ref
    .slice(2)
    .split('/')
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<Json>((node, part) => {
      if (node === null || typeof node !== 'object' || !(part in node)) {
        throw new Error(`${ref} does not resolve (no "${part}")`);
      }
      return node[part];
    }, doc);
}

const deref = (node: Json): Json =>
  node && typeof node.$ref === 'string' ? deref(resolveRef(node.$ref)) : node;

function collectRefs(node: Json, at: string, refs: [string, string][]) {
  if (Array.isArray(node)) {
    node.forEach((child, i) => collectRefs(child, `${at}/${i}`, refs));
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') refs.push([at, value]);
      else collectRefs(value, `${at}/${key}`, refs);
    }
  }
}

interface ExpressLayer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle: { stack?: ExpressLayer[] };
  regexp: RegExp & { fast_slash?: boolean };
  keys: unknown[];
}

/** The path an express 4 router was mounted at with `router.use(path, subRouter)`. */
function mountPath(layer: ExpressLayer): string {
  if (layer.regexp.fast_slash) return '';
  // path-to-regexp 0.1 compiles a prefix such as `/v0` to /^\/v0\/?(?=\/|$)/i
  const match = /^\^(.*)\\\/\?\(\?=\\\/\|\$\)$/.exec(layer.regexp.source);
  const prefix = match?.[1].replace(/\\\//g, '/');
  if (
    !prefix ||
    layer.keys.length > 0 ||
    !/^(\/[A-Za-z0-9_-]+)+$/.test(prefix)
  ) {
    throw new Error(`Cannot read the mount path of ${layer.regexp}`);
  }
  return prefix;
}

/** `GET /v1/tools/{namespace}/{name}/{tool}` style keys of every route under the router. */
function routesOf(stack: ExpressLayer[], prefix = ''): string[] {
  return stack.flatMap(layer => {
    if (layer.route) {
      const routePath = layer.route.path;
      if (typeof routePath !== 'string' || /[*?+()[\]]/.test(routePath)) {
        throw new Error(`Cannot document route path ${String(routePath)}`);
      }
      const methods = Object.keys(layer.route.methods).filter(
        m => layer.route!.methods[m],
      );
      if (methods.includes('_all')) {
        throw new Error(`${routePath} answers every method`);
      }
      const openApiPath = `${prefix}${routePath}`.replace(
        /:([A-Za-z0-9_]+)/g,
        '{$1}',
      );
      return methods.map(m => `${m.toUpperCase()} ${openApiPath}`);
    }
    if (Array.isArray(layer.handle.stack)) {
      return routesOf(layer.handle.stack, `${prefix}${mountPath(layer)}`);
    }
    return []; // plain middleware such as the JSON body parser
  });
}

describe('openapi.yaml', () => {
  describe('structure', () => {
    itKeepsTheGeneratedRouterCurrent(path.resolve(__dirname, '../..'));

    it('is an OpenAPI 3.1 document with info and paths', () => {
      expect(doc.openapi).toBe('3.1.0');
      expect(typeof doc.info?.title).toBe('string');
      expect(doc.info.title).not.toBe('');
      expect(typeof doc.info.version).toBe('string');
      expect(Object.keys(doc.paths ?? {}).length).toBeGreaterThan(0);
    });

    it('gives every operation a unique operationId and responses', () => {
      const ids = operations().map(({ method, path: p, operation }) => {
        const where = `${method.toUpperCase()} ${p}`;
        expect([where, typeof operation.operationId]).toEqual([
          where,
          'string',
        ]);
        const codes = Object.keys(operation.responses ?? {});
        expect([where, codes.length > 0]).toEqual([where, true]);
        for (const code of codes) {
          expect([where, code]).toEqual([
            where,
            expect.stringMatching(/^([1-5]\d\d|[1-5]XX|default)$/),
          ]);
        }
        return operation.operationId;
      });
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    });

    it('resolves every $ref', () => {
      const refs: [string, string][] = [];
      collectRefs(doc, '#', refs);
      expect(refs.length).toBeGreaterThan(0);
      const broken = refs.flatMap(([at, ref]) => {
        try {
          resolveRef(ref);
          return [];
        } catch (error) {
          return [`${at}: ${(error as Error).message}`];
        }
      });
      expect(broken).toEqual([]);
    });

    it('requires a Backstage bearer token everywhere but /health', () => {
      const schemes = doc.components?.securitySchemes ?? {};
      const label = (name: string) =>
        schemes[name]
          ? `${name}: ${schemes[name].type} ${schemes[name].scheme}`
          : `${name}: undeclared`;
      const actual = Object.fromEntries(
        operations().map(({ method, path: p, operation }) => [
          `${method.toUpperCase()} ${p}`,
          ((operation.security ?? doc.security ?? []) as Json[])
            .flatMap(requirement => Object.keys(requirement))
            .map(label),
        ]),
      );
      const expected = Object.fromEntries(
        Object.keys(actual).map(where => [
          where,
          where === 'GET /health' ? [] : ['BackstageToken: http bearer'],
        ]),
      );
      expect(actual).toEqual(expected);
    });

    it('names the permission each mutation needs', () => {
      const byId = Object.fromEntries(
        operations().map(o => [o.operation.operationId, o.operation]),
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
        operations()
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
    const registered = routesOf(
      (router as unknown as { stack: ExpressLayer[] }).stack,
    );
    const documented = operations().map(
      o => `${o.method.toUpperCase()} ${o.path}`,
    );

    expect(registered).toContain('GET /v0/servers/{serverName}');
    expect(new Set(registered).size).toBe(registered.length);
    expect([...documented].sort()).toEqual([...registered].sort());
  });

  it('declares every path parameter, and no others', () => {
    for (const { method, path: p, operation, pathParameters } of operations()) {
      const where = `${method.toUpperCase()} ${p}`;
      const inTemplate = [...p.matchAll(/\{([^}]+)\}/g)].map(m => m[1]).sort();
      const declared = [...pathParameters, ...(operation.parameters ?? [])]
        .map(deref)
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

    const stackOf = (router: unknown) =>
      (router as { stack: ExpressLayer[] }).stack;
    expect([...routesOf(stackOf(v1)), ...routesOf(stackOf(v0))]).toEqual([
      'POST /servers/{namespace}/{name}/disable',
      'POST /v1/servers/{namespace}/{name}/disable',
      'GET /servers/{serverName}/versions',
      'GET /servers/{serverName}/versions',
    ]);
  });
});
