import { LATENCY_COLUMNS } from '../rollups/latencyBuckets';

/** The plugin's tables (see `migrations/`), shared by its stores. */
export const T = {
  servers: 'mcp_insights_servers',
  alertStates: 'mcp_insights_alert_states',
  teams: 'mcp_insights_teams',
  usage5m: 'mcp_insights_usage_5m',
  usageHourly: 'mcp_insights_usage_hourly',
  usageDaily: 'mcp_insights_usage_daily',
  gateway5m: 'mcp_insights_gateway_5m',
  gatewayHourly: 'mcp_insights_gateway_hourly',
  gatewayDaily: 'mcp_insights_gateway_daily',
  teamDaily: 'mcp_insights_team_daily',
  tokensHourly: 'mcp_insights_tokens_hourly',
  tokensDaily: 'mcp_insights_tokens_daily',
  computeDaily: 'mcp_insights_compute_daily',
  events: 'mcp_insights_usage_events',
  pending: 'mcp_insights_pending_usage',
  seriesState: 'mcp_insights_series_state',
  targets: 'mcp_insights_targets',
  meta: 'mcp_insights_meta',
} as const;

/** The usage tables: `teams` when they have the owning team and, for the gateway's, the consuming one. */
export const USAGE_TABLES = {
  usage_5m: { table: T.usage5m, ts: 'bucket_ts', teams: false },
  usage_hourly: { table: T.usageHourly, ts: 'hour_ts', teams: true },
  usage_daily: { table: T.usageDaily, ts: 'day_ts', teams: true },
  gateway_5m: { table: T.gateway5m, ts: 'bucket_ts', teams: false },
  gateway_hourly: { table: T.gatewayHourly, ts: 'hour_ts', teams: true },
  gateway_daily: { table: T.gatewayDaily, ts: 'day_ts', teams: true },
} as const;

export const USAGE_SUM_COLUMNS = [
  'calls',
  'errors',
  'duration_sum_ms',
  ...LATENCY_COLUMNS,
];
export const TRAFFIC_SUM_COLUMNS = [
  'request_bytes',
  'response_bytes',
  'estimated_input_tokens',
  'estimated_output_tokens',
];
export const TOKEN_SUM_COLUMNS = [
  'input_tokens',
  'output_tokens',
  'cached_tokens',
  'cost',
];

/**
 * Rows per INSERT: knex writes SQLite multi-row inserts as a compound SELECT, limited to 500
 * terms; 500 rows also stay under both databases' bound-parameter limits.
 */
export const CHUNK = 500;

export const num = (v: unknown) =>
  v === null || v === undefined ? 0 : Number(v);
export const orUndefined = <V>(v: V | null): V | undefined =>
  v === null ? undefined : v;

export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export function chunks<V>(items: V[], size = CHUNK): V[][] {
  const result: V[][] = [];
  for (let i = 0; i < items.length; i += size)
    result.push(items.slice(i, i + size));
  return result;
}
