export { discoverServer, DiscoveryError } from './discoverServer';
export type { DiscoveredServer, DiscoveryLimits } from './discoverServer';
