/**
 * The typed router of the MCP Platform's backends. Each backend's
 * `src/schema/openapi/generated/router.ts` (written by `yarn openapi:generate` from its
 * openapi.yaml) holds the document `as const` and calls {@link openApiRouterFactory} with it; the
 * types below are written once here rather than into every generated file.
 *
 * @packageDocumentation
 */
export { openApiRouterFactory } from './openApiRouterFactory';
export type {
  DocumentedPath,
  DocumentedProperties,
  Handler,
  HandlerParams,
  Matcher,
  OpenApiRouterFactory,
  Sendable,
  SpecMountedAt,
  SpecRouter,
} from './openApiRouterFactory';
