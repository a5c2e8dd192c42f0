/**
 * The upstream MCP client layer of the MCP Platform: how the backend reaches other people's MCP
 * servers safely, in either protocol revision. Catalog discovery, insights' metrics scrapes and
 * the gateway share it.
 *
 * @packageDocumentation
 */
export { SsrfGuard } from './SsrfGuard';
export { SsrfRefusedError, ResponseTooLargeError } from './guardErrors';
export type { NetworkPolicy } from './SsrfGuard';
export type {
  GuardedFetch,
  GuardedRequest,
  GuardedRequester,
  CredentialsForUrl,
} from './guardedHttp';
export { UpstreamCredentials } from './UpstreamCredentials';
export type { UpstreamCredential } from './UpstreamCredentials';
export { describeUpstreamError, UpstreamError } from './describeUpstreamError';
export {
  connectUpstream,
  probeLegacyServing,
  withinSignal,
  describeAbort,
  UpstreamConnectError,
  MODERN_REVISION,
} from './connectUpstream';
export type {
  ConnectAttempt,
  ConnectUpstreamOptions,
  EraVerdict,
  ProtocolEra,
  UpstreamConnection,
} from './connectUpstream';
export { ToolDefinitionHasher, canonicalJson } from './ToolDefinitionHasher';
export type { HashedDefinition, ToolDefinition } from './ToolDefinitionHasher';
