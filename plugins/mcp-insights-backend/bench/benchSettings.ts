/**
 * Sizes, targets and the organisation of the insights benchmark (`yarn bench:insights`). Sizes
 * can be reduced for a quick look: MCP_BENCH_SERVERS, MCP_BENCH_DAYS, MCP_BENCH_EVENTS (at least
 * 20 000: two of the pushed batches are sent again), MCP_BENCH_CLIENTS.
 */
import { envInt } from '@mcp-platform/bench-utils';

export const SERVERS = envInt('MCP_BENCH_SERVERS', 500);
/** Days of gateway-observed history for every fifth server. */
export const GATEWAY_DAYS = 30;
export const DAYS = envInt('MCP_BENCH_DAYS', 90);
export const INGEST_EVENTS = envInt('MCP_BENCH_EVENTS', 300_000);
/** Events per pushed request. */
export const BATCH = 5000;
export const INGEST_CLIENTS = envInt('MCP_BENCH_CLIENTS', 2);
export const REPORT_ROUNDS = 8;
export const LOOKUP_ROUNDS = 20;
export const SLO_ROUNDS = 10;
export const TEAMS = 30;
export const DEPARTMENTS = 5;

export const TARGETS = {
  ingestPerSecond: 50_000,
  reportP95Ms: 300,
  sloMaxMs: 1000,
};
export const WATCHDOG_MS = 40 * 60_000;

/** The root group: departments under it, teams under them. */
export const ROOT = 'group:default/engineering';
export const department = (d: number) => `group:default/department-${d}`;
export const team = (t: number) => `group:default/team-${t}`;
export const serverRef = (s: number) => `api:default/server-${s}`;
export const TOOLS = ['search', 'get', 'create', 'summarize'];
export const MODELS = [
  'gpt-4o-mini',
  'claude-3-5-haiku-20241022',
  'text-embedding-3-small',
];

/** The user who cannot read every tenth server. */
export const RESTRICTED_USER = 'user:default/restricted';
export const restrictedFrom = (s: number) => s % 10 === 0;
