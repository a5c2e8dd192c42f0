import { getOpenApiSpecRoute } from '@backstage/backend-openapi-utils';
import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import express from 'express';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { OpenApiDocument, routesOf } from './openApi';
import {
  checkGeneratedOpenApiRouter,
  GENERATED_ROUTER_PATH,
  OPENAPI_GENERATE_COMMAND,
} from './openApiRouterSource';

/**
 * The checks every backend's `openapi.yaml` passes whatever its routes: an OpenAPI 3.1 document,
 * a unique operationId and responses per operation, every `$ref` resolved, a Backstage bearer
 * token on every operation but `GET /health`, and exactly the path parameters of each path's
 * template declared (and required). Call inside a `describe` of the spec's test.
 */
// A module of shared checks: it exports the function that declares them.
// eslint-disable-next-line jest/no-export
export function itIsAWellFormedBackendSpec(spec: OpenApiDocument) {
  const { doc } = spec;
  const where = (o: { method: string; path: string }) =>
    `${o.method.toUpperCase()} ${o.path}`;

  it('is an OpenAPI 3.1 document with info and paths', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(typeof doc.info?.title).toBe('string');
    expect(doc.info.title).not.toBe('');
    expect(typeof doc.info.version).toBe('string');
    expect(Object.keys(doc.paths ?? {}).length).toBeGreaterThan(0);
  });

  it('gives every operation a unique operationId and responses', () => {
    const ids = spec.operations().map(o => {
      expect([where(o), typeof o.operation.operationId]).toEqual([
        where(o),
        'string',
      ]);
      const codes = Object.keys(o.operation.responses ?? {});
      expect([where(o), codes.length > 0]).toEqual([where(o), true]);
      for (const code of codes) {
        expect([where(o), code]).toEqual([
          where(o),
          expect.stringMatching(/^([1-5]\d\d|[1-5]XX|default)$/),
        ]);
      }
      return o.operation.operationId;
    });
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('resolves every $ref', () => {
    const refs = spec.refs();
    expect(refs.length).toBeGreaterThan(0);
    const broken = refs.flatMap(([at, ref]) => {
      try {
        spec.resolveRef(ref);
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
      spec
        .operations()
        .map(o => [
          where(o),
          ((o.operation.security ?? doc.security ?? []) as any[])
            .flatMap(requirement => Object.keys(requirement))
            .map(label),
        ]),
    );
    const expected = Object.fromEntries(
      Object.keys(actual).map(w => [
        w,
        w === 'GET /health' ? [] : ['BackstageToken: http bearer'],
      ]),
    );
    expect(actual).toEqual(expected);
  });

  it('declares every path parameter, and no others', () => {
    for (const o of spec.operations()) {
      const inTemplate = [...o.path.matchAll(/\{([^}]+)\}/g)]
        .map(m => m[1])
        .sort();
      const declared = spec.parameters(o, 'path');
      expect([where(o), declared.map(d => d.name).sort()]).toEqual([
        where(o),
        inTemplate,
      ]);
      for (const parameter of declared) {
        expect([where(o), parameter.name, parameter.required]).toEqual([
          where(o),
          parameter.name,
          true,
        ]);
      }
    }
  });
}

/**
 * The check that the document lists exactly the routes the backend's router registers, each
 * once; `aRoute` (e.g. `GET /v1/things/{id}`) guards against reading an empty router.
 */
// eslint-disable-next-line jest/no-export
export function itDocumentsExactlyTheRegisteredRoutes(
  spec: OpenApiDocument,
  createRouter: () => Promise<unknown>,
  aRoute: string,
) {
  it('documents exactly the routes createRouter registers', async () => {
    const registered = routesOf(await createRouter());
    const documented = spec
      .operations()
      .map(o => `${o.method.toUpperCase()} ${o.path}`);

    expect(registered).toContain(aRoute);
    expect(new Set(registered).size).toBe(registered.length);
    expect([...documented].sort()).toEqual([...registered].sort());
  });
}

/**
 * The check that the backend serves its document at `GET /api/<pluginId>/openapi.json`, where
 * Backstage's tooling looks, to signed-in callers only: the generated `spec` (the YAML with path
 * parameters copied into operations).
 */
// eslint-disable-next-line jest/no-export
export function itServesTheDocument(options: {
  pluginId: string;
  spec: OpenApiDocument;
  generatedSpec: unknown;
  createRouter: (httpAuth: HttpAuthService) => Promise<express.Router>;
}) {
  const { pluginId, spec, generatedSpec } = options;
  it('is served at GET /openapi.json, where Backstage looks, to signed-in callers', async () => {
    const app = express()
      .use(
        `/api/${pluginId}`,
        await options.createRouter(
          mockServices.httpAuth({ defaultCredentials: mockCredentials.none() }),
        ),
      )
      .use(mockErrorHandler());
    const route = getOpenApiSpecRoute(`/api/${pluginId}`);

    const served = await request(app)
      .get(route)
      .set('Authorization', mockCredentials.user.header());
    expect(served.status).toBe(200);
    expect(served.body).toEqual(JSON.parse(JSON.stringify(generatedSpec)));
    expect(served.body.info).toEqual(spec.doc.info);
    expect(Object.keys(served.body.paths)).toEqual(Object.keys(spec.doc.paths));
    expect((await request(app).get(route)).status).toBe(401);
  });
}

/**
 * The check that a backend's typed router (`src/schema/openapi/generated/router.ts`) is what its
 * `openapi.yaml` generates now; it fails with the command to run when the document changed.
 * Call inside a `describe` of the spec's test.
 *
 * @param pluginDir - the plugin's directory, which holds `openapi.yaml`
 */
// eslint-disable-next-line jest/no-export
export function itKeepsTheGeneratedRouterCurrent(pluginDir: string) {
  it(`has ${GENERATED_ROUTER_PATH} generated from this document`, () => {
    const { file, current, expected } = checkGeneratedOpenApiRouter(pluginDir);
    let problem: string | undefined;
    if (!current) {
      const actual = fs.existsSync(file)
        ? fs.readFileSync(file, 'utf8').split('\n')
        : [];
      const line = expected.split('\n').findIndex((l, i) => l !== actual[i]);
      problem = `${path.relative(
        pluginDir,
        file,
      )} is not what openapi.yaml generates${
        actual.length ? ` (first difference on line ${line + 1})` : ' (missing)'
      }: run ${OPENAPI_GENERATE_COMMAND} at the repository root`;
    }
    expect(problem).toBeUndefined();
  });
}
