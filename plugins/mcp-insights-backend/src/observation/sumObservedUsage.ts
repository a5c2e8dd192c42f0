import {
  GatewayUsageTable,
  InsightsStore,
  OwnUsageTable,
  UsageQuery,
  UsageSumRow,
} from '../database/InsightsStore';

/** The gateway table with the buckets of each of the servers' own tables. */
export const GATEWAY_TABLE_OF: Record<OwnUsageTable, GatewayUsageTable> = {
  usage_5m: 'gateway_5m',
  usage_hourly: 'gateway_hourly',
  usage_daily: 'gateway_daily',
};

/** A query of the servers' own tables, whose calls are counted by the rule below. */
export type ObservedUsageQuery = Omit<
  UsageQuery,
  'table' | 'consumerTeamRefs'
> & {
  table: OwnUsageTable;
};

const SEP = '\u0000';

/** Which band (see {@link UsageQuery.bands}) a bucket start falls in; -1 for none. */
function bandOf(ts: number, bands: number[]): number {
  for (let i = 0; i < bands.length; i++)
    if (ts >= Math.floor(bands[i])) return i;
  return -1;
}

/** Sets a tiny float remainder of subtracting a sum from itself to 0. */
const clean = (v: number) => (Math.abs(v) < 1e-9 ? 0 : v);

/**
 * Sums calls, errors and latency as insights counts them: a server's own figures (its metrics,
 * its clients' pushes) and the MCP gateway's observations of the same calls are never added.
 * For each server and bucket of the table read (5 minutes, hour or day), the calls are the
 * gateway's when it relayed any call of the server in that bucket, else the server's own.
 * The gateway sees what callers saw (refused connections, timeouts, network time included), so
 * availability and latency SLOs use it where it is; a server's own metrics count the rest. Spend
 * (token and other costs) always comes from the server's own rows: a gateway-observed call
 * carries none.
 *
 * Costs two small queries when the gateway relayed nothing in the range (the usual case before
 * a gateway is deployed), and two more over the relayed buckets otherwise.
 */
export async function sumObservedUsage(
  store: InsightsStore,
  query: ObservedUsageQuery,
): Promise<UsageSumRow[]> {
  const gatewayTable = GATEWAY_TABLE_OF[query.table];
  const bands = query.bands?.length ? query.bands : undefined;
  const from = bands ? Math.max(query.from, Math.min(...bands)) : query.from;
  const range = {
    from,
    to: query.to,
    serverRefs: query.serverRefs,
    excludeServerRefs: query.excludeServerRefs,
    teamRefs: query.teamRefs,
  };
  const [own, relayed] = await Promise.all([
    store.sumUsage(query),
    store.sumUsage({
      ...range,
      table: gatewayTable,
      tools: 'all',
      groupBy: ['server', 'ts'],
      measures: 'cost',
    }),
  ]);
  const buckets = new Set<string>();
  const servers = new Set<string>();
  for (const r of relayed) {
    if (r.calls <= 0) continue;
    buckets.add(`${r.serverRef}${SEP}${r.ts}`);
    servers.add(r.serverRef!);
  }
  if (!buckets.size) return own;

  // Per bucket: the gateway's rows are added and the server's own rows of the same buckets
  // taken away, in the groups the caller asked for.
  const groupBy = [...new Set([...query.groupBy, 'server', 'ts'] as const)];
  const detail = {
    ...range,
    serverRefs: [...servers],
    tools: query.tools,
    measures: query.measures,
    groupBy,
  };
  const [gatewayRows, ownRows] = await Promise.all([
    store.sumUsage({ ...detail, table: gatewayTable }),
    store.sumUsage({ ...detail, table: query.table }),
  ]);
  const keyOf = (row: UsageSumRow, band: number | undefined) => {
    const parts: (string | number | undefined)[] = query.groupBy.map(g => {
      if (g === 'server') return row.serverRef;
      if (g === 'tool') return row.toolName;
      if (g === 'team') return row.teamRef;
      if (g === 'consumer') return row.consumerTeamRef;
      return row.ts;
    });
    if (bands) parts.push(band);
    return parts.join(SEP);
  };
  const result = new Map<string, UsageSumRow>();
  for (const row of own) result.set(keyOf(row, row.band), row);
  const apply = (row: UsageSumRow, sign: 1 | -1) => {
    if (!buckets.has(`${row.serverRef}${SEP}${row.ts}`)) return;
    const band = bands ? bandOf(row.ts!, bands) : undefined;
    if (band === -1) return;
    const key = keyOf(row, band);
    let target = result.get(key);
    if (!target) {
      const has = (g: UsageQuery['groupBy'][number]) =>
        query.groupBy.includes(g);
      target = {
        serverRef: has('server') ? row.serverRef : undefined,
        toolName: has('tool') ? row.toolName : undefined,
        teamRef: has('team') ? row.teamRef : undefined,
        ts: has('ts') ? row.ts : undefined,
        band,
        calls: 0,
        errors: 0,
        durationSumMs: 0,
        latency: row.latency.map(() => 0),
        tokenCost: 0,
        otherCost: 0,
      };
      result.set(key, target);
    }
    target.calls = clean(target.calls + sign * row.calls);
    target.errors = clean(target.errors + sign * row.errors);
    target.durationSumMs = clean(
      target.durationSumMs + sign * row.durationSumMs,
    );
    for (let i = 0; i < row.latency.length; i++)
      target.latency[i] = clean(
        (target.latency[i] ?? 0) + sign * row.latency[i],
      );
  };
  for (const row of gatewayRows) apply(row, 1);
  for (const row of ownRows) apply(row, -1);
  return [...result.values()];
}
