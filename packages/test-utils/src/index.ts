/**
 * Test helpers shared by the MCP Platform's backend plugins (private; not published).
 *
 * @packageDocumentation
 */
export { authWithActorsServiceFactory } from './authWithActors';
export { userInfoFromMembership } from './userInfoFromMembership';
export { prepareSharedDatabase } from './prepareSharedDatabase';
export { databaseServiceFactoryClosingPools } from './databaseServiceFactoryClosingPools';
export { signInByHeader } from './signInByHeader';
export {
  CONFORMANCE_SCENARIOS,
  runConformanceScenario,
} from './runConformanceScenario';
export type {
  ConformanceCheck,
  ConformanceRevision,
} from './runConformanceScenario';
export { startRecordingProxy } from './startRecordingProxy';
export type { ProxiedRequest, RecordingProxy } from './startRecordingProxy';
export { contractOf, OpenApiDocument, routesOf, zodContract } from './openApi';
export type { DocumentedOperation } from './openApi';
export {
  itDocumentsExactlyTheRegisteredRoutes,
  itIsAWellFormedBackendSpec,
  itKeepsTheGeneratedRouterCurrent,
  itServesTheDocument,
} from './openApiChecks';
export {
  checkGeneratedOpenApiRouter,
  GENERATED_ROUTER_PATH,
  OPENAPI_GENERATE_COMMAND,
  openApiRouterSource,
} from './openApiRouterSource';
export type { GeneratedRouterCheck } from './openApiRouterSource';
