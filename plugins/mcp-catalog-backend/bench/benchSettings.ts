/**
 * Sizes and targets of the catalog benchmark (`yarn bench:catalog`), shared by its processes.
 * The sizes can be reduced for a quick look with MCP_BENCH_SERVERS and MCP_BENCH_SEARCH_TOOLS;
 * MCP_BENCH_FLEET_PROCESSES sets how many processes host the fleet.
 */
import { envInt } from '@mcp-platform/bench-utils';

export const FLEET_SERVERS = envInt('MCP_BENCH_SERVERS', 500);
export const FLEET_TOOLS_PER_SERVER = 40;
/** HTTP servers (child processes) hosting the fleet; see startFleet. */
export const FLEET_PROCESSES = envInt('MCP_BENCH_FLEET_PROCESSES', 2);
/** Added before every HTTP response of the fleet, as a network round trip would. */
export const FLEET_LATENCY_MS = 50;
/** The sequential crawl is slow by nature; it runs on this many servers and is extrapolated. */
export const SEQUENTIAL_SUBSET = Math.min(25, FLEET_SERVERS);
/** A second discovery run uses this concurrency, besides the configured default. */
export const EXTRA_CONCURRENCY = 64;
export const SPEEDUP_TARGET = 20;

export const SEARCH_TOOLS = envInt('MCP_BENCH_SEARCH_TOOLS', 50_000);
export const SEARCH_TOOLS_PER_SERVER = 50;
export const SEARCH_WARMUP_REQUESTS = 30;
/** Rounds of the query mix (40 queries): 9 rounds are 360 measured requests. */
export const SEARCH_ROUNDS = 9;
export const SEARCH_P95_TARGET_MS = 50;
/** Servers the bench user may see in the "few servers" variant of the search. */
export const SEARCH_FEW_VISIBLE = 20;

/** Ends the run, children included, if a stage hangs; a full run takes a few minutes at most. */
export const WATCHDOG_MS = 9 * 60_000;
