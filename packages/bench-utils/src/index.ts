/**
 * Helpers shared by the benchmark scripts of the MCP Platform's plugins (`yarn bench:*`).
 *
 * @packageDocumentation
 */
export { BenchLogger } from './BenchLogger';
export {
  POSTGRES_CONNECTION_VARIABLE,
  sqliteDatabase,
  withPostgres,
} from './databases';
export { formatMiB, formatMs, printTable } from './format';
export { listenOnLoopback, type LoopbackServer } from './loopbackServer';
export { collectGarbage, sampleMemory, type MemoryFigures } from './memory';
export { onlyImplemented } from './onlyImplemented';
export { openLoop, type OpenLoopResult } from './openLoop';
export { startWatchdog } from './runControl';
export { envInt, seededRandom } from './settings';
export {
  percentile,
  percentileOfUnsorted,
  sortedAscending,
} from './statistics';
