export {
  SsrfGuard,
  SsrfRefusedError,
  ResponseTooLargeError,
} from './SsrfGuard';
export type { NetworkPolicy, GuardedFetch } from './SsrfGuard';
export { discoverServer, DiscoveryError } from './discoverServer';
export type { DiscoveredServer, DiscoveryLimits } from './discoverServer';
