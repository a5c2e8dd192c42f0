export { discoverServer, DiscoveryError } from './discoverServer';
export type { DiscoveryLimits } from './discoverServer';
export type { DiscoveredServer } from '../model/DiscoveredServer';
