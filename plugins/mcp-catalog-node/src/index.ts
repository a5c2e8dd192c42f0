/**
 * The upstream MCP client layer of the MCP Platform: how the backend reaches other people's MCP
 * servers safely, in either protocol revision. Catalog discovery, insights' metrics scrapes and
 * the gateway share it.
 *
 * @packageDocumentation
 */
export {
  SsrfGuard,
  SsrfRefusedError,
  ResponseTooLargeError,
} from './SsrfGuard';
export type {
  NetworkPolicy,
  GuardedFetch,
  GuardedRequest,
  GuardedRequester,
  CredentialsForUrl,
} from './SsrfGuard';
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
