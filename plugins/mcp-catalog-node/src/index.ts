/**
 * The upstream MCP client layer of the MCP Platform: how the backend reaches other people's MCP
 * servers safely. Catalog discovery, insights' metrics scrapes and the gateway share it.
 *
 * @packageDocumentation
 */
export {
  SsrfGuard,
  SsrfRefusedError,
  ResponseTooLargeError,
} from './SsrfGuard';
export type { NetworkPolicy, GuardedFetch } from './SsrfGuard';
