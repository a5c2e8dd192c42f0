import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';
import prettier from 'prettier';
import { parse } from 'yaml';

// The Backstage way to type a router from its OpenAPI document is `backstage-repo-tools package
// schema openapi generate --server`, which runs the OpenAPI Generator's Java jar fetched from
// Maven. This is the part of it the backends use, in TypeScript: the document as an `as const`
// value that `ApiRouter` from @backstage/backend-openapi-utils turns into route types.

/** Where, inside a backend plugin's directory, its generated router lives. */
export const GENERATED_ROUTER_PATH = 'src/schema/openapi/generated/router.ts';

/** The command that regenerates every backend's router; failures of the check name it. */
export const OPENAPI_GENERATE_COMMAND = 'yarn openapi:generate';

const OPERATION_KEYS = [
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

/**
 * `ApiRouter` reads the parameters of an operation only, so those declared once on a path item
 * (the way the documents write `{namespace}/{name}`) are copied into each of its operations, as
 * OpenAPI defines them. An operation's own parameter of the same name and location wins.
 */
function withPathItemParametersInOperations(doc: Json): Json {
  const paths = Object.fromEntries(
    Object.entries<Json>(doc.paths ?? {}).map(([p, item]) => {
      const { parameters: shared, ...rest } = item;
      if (!shared?.length) return [p, item];
      const key = (parameter: Json) =>
        parameter.$ref ?? `${parameter.in}:${parameter.name}`;
      const operations = Object.fromEntries(
        Object.entries<Json>(rest).map(([k, operation]) => {
          if (!OPERATION_KEYS.includes(k)) return [k, operation];
          const own: Json[] = operation.parameters ?? [];
          const ownKeys = new Set(own.map(key));
          return [
            k,
            {
              ...operation,
              parameters: [
                ...shared.filter((s: Json) => !ownKeys.has(key(s))),
                ...own,
              ],
            },
          ];
        }),
      );
      return [p, operations];
    }),
  );
  return { ...doc, paths };
}

/**
 * The value a generated router exports as `spec` for the text of an `openapi.yaml`: the document,
 * with the parameters of each path item copied into its operations.
 */
export function generatedSpecOf(yamlText: string): Json {
  return withPathItemParametersInOperations(parse(yamlText));
}

/**
 * The TypeScript source of a backend's `src/schema/openapi/generated/router.ts` for the text of
 * its `openapi.yaml`, formatted with the repository's Prettier settings: the same text for the
 * same document, so a test can compare it with the committed file.
 */
export function openApiRouterSource(yamlText: string): string {
  const doc = generatedSpecOf(yamlText);
  const source = `// GENERATED from openapi.yaml: do not edit by hand. After changing the document, run
// \`${OPENAPI_GENERATE_COMMAND}\` at the repository root (the spec's test fails until this file matches it).
import type { internal } from '@backstage/backend-openapi-utils';
import type {
  ErrorRequestHandler,
  RequestHandler,
  Router as ExpressRouter,
} from 'express';
import Router from 'express-promise-router';

/**
 * The plugin's openapi.yaml, with the parameters of each path item copied into its operations
 * (\`ApiRouter\` reads those of operations only).
 */
export const spec = ${JSON.stringify(doc, null, 2)} as const;

/** The document seen from a router mounted at \`Prefix\`: its paths under it, prefix cut off. */
export type SpecMountedAt<Prefix extends string> = {
  paths: {
    [P in keyof (typeof spec)['paths'] as P extends \`\${Prefix}\${infer Rest}\`
      ? Rest
      : never]: (typeof spec)['paths'][P];
  };
  components: (typeof spec)['components'];
};

/**
 * A documented response body as TypeScript may send it. json-schema-to-ts types an object that
 * allows other properties as \`{ [x: string]: unknown; ... }\`, which no interface satisfies
 * (interfaces have no index signature); that signature is dropped, so the documented properties
 * are checked and other ones allowed, as the document says.
 */
type Sendable<T> = T extends readonly unknown[]
  ? { [I in keyof T]: Sendable<T[I]> }
  : T extends object
  ? keyof DocumentedProperties<T> extends never
    ? object
    : DocumentedProperties<T>
  : T;
type DocumentedProperties<T> = {
  [K in keyof T as string extends K
    ? unknown extends T[K]
      ? never
      : K
    : K]: Sendable<T[K]>;
};

type Handler<
  Doc extends internal.RequiredDoc,
  Path extends internal.DocPath<Doc>,
  Method extends internal.DocPathMethod<Doc, Path>,
> = RequestHandler<
  internal.PathSchema<Doc, Path, Method>,
  Sendable<internal.ResponseBodyToJsonSchema<Doc, Path, Method>>,
  internal.RequestBodyToJsonSchema<Doc, Path, Method>,
  internal.QuerySchema<Doc, Path, Method>
>;
type HandlerParams<
  Doc extends internal.RequiredDoc,
  Path extends internal.DocPath<Doc>,
  Method extends internal.DocPathMethod<Doc, Path>,
> =
  | Handler<Doc, Path, Method>
  | ErrorRequestHandler<
      internal.PathSchema<Doc, Path, Method>,
      Sendable<internal.ResponseBodyToJsonSchema<Doc, Path, Method>>,
      internal.RequestBodyToJsonSchema<Doc, Path, Method>,
      internal.QuerySchema<Doc, Path, Method>
    >
  | Array<
      | RequestHandler<internal.PathSchema<Doc, Path, Method>>
      | ErrorRequestHandler<internal.PathSchema<Doc, Path, Method>>
    >;

interface Matcher<
  Doc extends internal.RequiredDoc,
  T,
  Method extends 'get' | 'post' | 'put' | 'delete' | 'patch',
> {
  <
    Path extends internal.MethodAwareDocPath<
      Doc,
      internal.DocPathTemplate<Doc>,
      Method
    >,
  >(
    path: Path,
    ...handlers: Array<
      Handler<Doc, internal.TemplateToDocPath<Doc, Path>, Method>
    >
  ): T;
  <
    Path extends internal.MethodAwareDocPath<
      Doc,
      internal.DocPathTemplate<Doc>,
      Method
    >,
  >(
    path: Path,
    ...handlers: Array<
      HandlerParams<Doc, internal.TemplateToDocPath<Doc, Path>, Method>
    >
  ): T;
}

/**
 * \`ApiRouter\` of @backstage/backend-openapi-utils, with response bodies as {@link Sendable}:
 * each route's path and method must be documented, and its path parameters, query, request
 * body and response body take the documented types.
 */
export interface SpecRouter<Doc extends internal.RequiredDoc>
  extends ExpressRouter {
  get: Matcher<Doc, this, 'get'>;
  post: Matcher<Doc, this, 'post'>;
  put: Matcher<Doc, this, 'put'>;
  delete: Matcher<Doc, this, 'delete'>;
  patch: Matcher<Doc, this, 'patch'>;
}

/**
 * An express-promise-router whose routes \`yarn tsc\` checks against openapi.yaml. It validates
 * nothing at run time; the routes' zod schemas do.
 *
 * @param mountedAt - where the caller mounts a sub-router (e.g. \`'/v1'\`), typing its routes
 *   relative to it; only types depend on it.
 */
export function createOpenApiRouter(): SpecRouter<typeof spec>;
export function createOpenApiRouter<Prefix extends string>(
  mountedAt: Prefix,
): SpecRouter<SpecMountedAt<Prefix>>;
export function createOpenApiRouter(_mountedAt?: string): ExpressRouter {
  return Router();
}
`;
  return prettier.format(source, {
    ...prettier.resolveConfig.sync(
      resolvePackagePath('@mcp-platform/test-utils', 'package.json'),
    ),
    parser: 'typescript',
  });
}

/** What {@link checkGeneratedOpenApiRouter} found for one plugin. */
export interface GeneratedRouterCheck {
  file: string;
  current: boolean;
  expected: string;
}

/**
 * Compares a backend plugin's generated router with what its `openapi.yaml` generates now.
 *
 * @param pluginDir - the plugin's directory (the one holding `openapi.yaml`)
 */
export function checkGeneratedOpenApiRouter(
  pluginDir: string,
): GeneratedRouterCheck {
  const file = path.join(pluginDir, GENERATED_ROUTER_PATH);
  const expected = openApiRouterSource(
    fs.readFileSync(path.join(pluginDir, 'openapi.yaml'), 'utf8'),
  );
  const actual = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  return { file, current: actual === expected, expected };
}
