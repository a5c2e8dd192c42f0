import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';
import prettier from 'prettier';
import { parse } from 'yaml';
import { HTTP_METHODS } from './openApi';

// The Backstage way to type a router from its OpenAPI document is `backstage-repo-tools package
// schema openapi generate --server`, which runs the OpenAPI Generator's Java jar fetched from
// Maven. This is the part of it the backends use, in TypeScript: the document as an `as const`
// value that `@mcp-platform/openapi-router` (`ApiRouter`'s types from
// @backstage/backend-openapi-utils) turns into route types.

/** Where, inside a backend plugin's directory, its generated router lives. */
export const GENERATED_ROUTER_PATH = 'src/schema/openapi/generated/router.ts';

/** The command that regenerates every backend's router; failures of the check name it. */
export const OPENAPI_GENERATE_COMMAND = 'yarn openapi:generate';

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
          if (!HTTP_METHODS.includes(k)) return [k, operation];
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
import { openApiRouterFactory } from '@mcp-platform/openapi-router';

/**
 * The plugin's openapi.yaml, with the parameters of each path item copied into its operations
 * (\`ApiRouter\` reads those of operations only).
 */
export const spec = ${JSON.stringify(doc, null, 2)} as const;

/**
 * An express-promise-router whose routes \`yarn tsc\` checks against openapi.yaml; with a mount
 * path (e.g. \`'/v1'\`), a sub-router typed relative to it. It validates nothing at run time;
 * the routes' zod schemas do.
 */
export const createOpenApiRouter = openApiRouterFactory(spec);
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
