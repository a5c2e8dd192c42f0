import {
  GATEWAY_TABLE_OF,
  OwnUsageTable,
  UsageQuery,
  UsageSumRow,
  UsageSumStore,
} from '../database/InsightsStore';

/** A query of the servers' own tables, whose calls are counted by the rule below. */
export type ObservedUsageQuery = Omit<
  UsageQuery,
  'table' | 'consumerTeamRefs' | 'onlyGatewayBuckets'
> & {
  table: OwnUsageTable;
};

const SEP = '\u0000';

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
 * All sums stay in SQL, in the groups asked for: own rows, minus own rows of relayed buckets
 * (a key lookup in the gateway table each), plus the gateway's rows. When the gateway relayed
 * nothing in the range (the usual case before it is deployed) that is one small extra query.
 */
export async function sumObservedUsage(
  store: UsageSumStore,
  query: ObservedUsageQuery,
): Promise<UsageSumRow[]> {
  const gatewayTable = GATEWAY_TABLE_OF[query.table];
  const bands = query.bands?.length ? query.bands : undefined;
  const [own, relayed] = await Promise.all([
    store.sumUsage(query),
    store.sumUsage({
      table: gatewayTable,
      from: bands ? Math.max(query.from, Math.min(...bands)) : query.from,
      to: query.to,
      serverRefs: query.serverRefs,
      excludeServerRefs: query.excludeServerRefs,
      teamRefs: query.teamRefs,
      tools: 'all',
      groupBy: ['server'],
      measures: 'cost',
    }),
  ]);
  const servers = relayed.filter(r => r.calls > 0).map(r => r.serverRef!);
  if (!servers.length) return own;

  const relayedOnly = { ...query, serverRefs: servers };
  const [gatewayRows, ownRelayed] = await Promise.all([
    store.sumUsage({ ...relayedOnly, table: gatewayTable }),
    store.sumUsage({ ...relayedOnly, onlyGatewayBuckets: true }),
  ]);
  const keyOf = (row: UsageSumRow) =>
    [
      ...query.groupBy.map(g => {
        if (g === 'server') return row.serverRef;
        if (g === 'tool') return row.toolName;
        if (g === 'team') return row.teamRef;
        if (g === 'consumer') return row.consumerTeamRef;
        return row.ts;
      }),
      row.band,
    ].join(SEP);
  const result = new Map<string, UsageSumRow>();
  for (const row of own) result.set(keyOf(row), row);
  const apply = (row: UsageSumRow, sign: 1 | -1) => {
    const key = keyOf(row);
    let target = result.get(key);
    if (!target) {
      target = {
        ...row,
        consumerTeamRef: undefined,
        traffic: undefined,
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
      target.latency[i] = clean(target.latency[i] + sign * row.latency[i]);
  };
  for (const row of gatewayRows) apply(row, 1);
  for (const row of ownRelayed) apply(row, -1);
  return [...result.values()];
}
