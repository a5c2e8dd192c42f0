import { Knex } from 'knex';
import { LATENCY_COLUMNS } from '../rollups/latencyBuckets';
import {
  num,
  T,
  TOKEN_SUM_COLUMNS,
  TRAFFIC_SUM_COLUMNS,
  USAGE_SUM_COLUMNS,
  USAGE_TABLES,
} from './insightsTables';
import {
  ComputeSumRow,
  CostQuery,
  GATEWAY_TABLE_OF,
  OwnUsageTable,
  TokenSumRow,
  UsageQuery,
  UsageSumRow,
  UsageSumStore,
} from './InsightsStore';

/** Sums over the rollups, token and compute tables: what every report reads. */
export class DatabaseUsageSumStore implements UsageSumStore {
  constructor(private readonly db: Knex) {}

  async sumTeamDaily(query: {
    fromDay: number;
    toDay: number;
    teamRefs?: string[];
    groupBy: ('team' | 'day')[];
  }) {
    const q = this.db(T.teamDaily)
      .where('day_ts', '>=', query.fromDay)
      .where('day_ts', '<', query.toDay);
    if (query.teamRefs) q.whereIn('team_ref', query.teamRefs);
    const columnOf = { team: 'team_ref', day: 'day_ts' };
    const selects: (string | Knex.Raw)[] = query.groupBy.map(
      g => `${columnOf[g]} as g_${g}`,
    );
    for (const c of [
      'calls',
      'errors',
      'token_cost',
      'other_cost',
      'compute_cost',
    ]) {
      selects.push(this.db.raw('sum(??) as ??', [c, c]));
    }
    q.select(selects);
    if (query.groupBy.length) q.groupBy(query.groupBy.map(g => columnOf[g]));
    return (await q).map((r: Record<string, unknown>) => ({
      teamRef: r.g_team as string | undefined,
      day: r.g_day === undefined ? undefined : num(r.g_day),
      calls: num(r.calls),
      errors: num(r.errors),
      tokenCost: num(r.token_cost),
      otherCost: num(r.other_cost),
      computeCost: num(r.compute_cost),
    }));
  }

  async sumUsage(query: UsageQuery): Promise<UsageSumRow[]> {
    const { table, ts, teams } = USAGE_TABLES[query.table];
    const gateway = query.table.startsWith('gateway_');
    const q = this.db(table).where(ts, '>=', query.from);
    if (query.to !== undefined) q.where(ts, '<', query.to);
    if (query.serverRefs) q.whereIn('server_ref', query.serverRefs);
    if (query.excludeServerRefs?.length)
      q.whereNotIn('server_ref', query.excludeServerRefs);
    if (!teams && (query.teamRefs || query.groupBy.includes('team'))) {
      throw new TypeError('The 5-minute rollups have no team column');
    }
    if (query.teamRefs) q.whereIn('team_ref', query.teamRefs);
    if (
      (!gateway || !teams) &&
      (query.consumerTeamRefs || query.groupBy.includes('consumer'))
    ) {
      throw new TypeError(
        'Only the hourly and daily gateway rollups have consuming teams',
      );
    }
    if (query.consumerTeamRefs)
      q.whereIn('consumer_team_ref', query.consumerTeamRefs);
    if (query.onlyGatewayBuckets) {
      if (gateway) throw new TypeError('onlyGatewayBuckets reads own tables');
      const relayed =
        USAGE_TABLES[GATEWAY_TABLE_OF[query.table as OwnUsageTable]].table;
      // A key lookup in the gateway table per row: its key starts with tool, bucket, server.
      q.whereExists(sub =>
        sub
          .select(this.db.raw('1'))
          .from(`${relayed} as relayed`)
          .where('relayed.tool_name', '*')
          .where('relayed.calls', '>', 0)
          .whereRaw('?? = ??', [`relayed.${ts}`, `${table}.${ts}`])
          .whereRaw('?? = ??', ['relayed.server_ref', `${table}.server_ref`]),
      );
    }
    if (query.tools === 'all') q.where('tool_name', '*');
    else if (query.tools === 'each') q.whereNot('tool_name', '*');
    else if (query.tools !== 'any') q.where('tool_name', query.tools);

    const groups: string[] = [];
    const selects: (string | Knex.Raw)[] = [];
    const columnOf = {
      server: 'server_ref',
      tool: 'tool_name',
      team: 'team_ref',
      consumer: 'consumer_team_ref',
      ts,
    };
    for (const g of query.groupBy) {
      groups.push(columnOf[g]);
      selects.push(`${columnOf[g]} as g_${g}`);
    }
    let bandExpression: string | undefined;
    if (query.bands?.length) {
      const cases = query.bands
        .map((start, i) => `WHEN ${ts} >= ${Math.floor(start)} THEN ${i}`)
        .join(' ');
      bandExpression = `CASE ${cases} ELSE -1 END`;
      selects.push(this.db.raw(`${bandExpression} as g_band`));
      q.where(ts, '>=', Math.min(...query.bands));
    }
    const sums =
      query.measures === 'cost' ? ['calls', 'errors'] : [...USAGE_SUM_COLUMNS];
    if (query.table === 'usage_daily') sums.push('token_cost', 'other_cost');
    const traffic = gateway && teams && query.measures !== 'cost';
    if (traffic) sums.push(...TRAFFIC_SUM_COLUMNS);
    for (const c of sums) selects.push(this.db.raw('sum(??) as ??', [c, c]));
    q.select(selects);
    if (groups.length) q.groupBy(groups);
    if (bandExpression) q.groupByRaw(bandExpression);
    const rows = await q;
    return rows.map(
      (r: Record<string, unknown>): UsageSumRow => ({
        serverRef: r.g_server as string | undefined,
        toolName: r.g_tool as string | undefined,
        teamRef: r.g_team as string | undefined,
        consumerTeamRef: r.g_consumer as string | undefined,
        ts: r.g_ts === undefined ? undefined : num(r.g_ts),
        band: r.g_band === undefined ? undefined : num(r.g_band),
        calls: num(r.calls),
        errors: num(r.errors),
        durationSumMs: num(r.duration_sum_ms),
        latency:
          query.measures === 'cost' ? [] : LATENCY_COLUMNS.map(c => num(r[c])),
        tokenCost: num(r.token_cost),
        otherCost: num(r.other_cost),
        traffic: traffic
          ? {
              requestBytes: num(r.request_bytes),
              responseBytes: num(r.response_bytes),
              estimatedInputTokens: num(r.estimated_input_tokens),
              estimatedOutputTokens: num(r.estimated_output_tokens),
            }
          : undefined,
      }),
    );
  }

  async sumTokens(query: CostQuery): Promise<TokenSumRow[]> {
    const columnOf = {
      server: 'server_ref',
      team: 'team_ref',
      day: 'day_ts',
      model: 'model',
      tool: 'tool_name',
    };
    const q = this.costQuery(T.tokensDaily, query);
    const selects: (string | Knex.Raw)[] = query.groupBy.map(
      g => `${columnOf[g]} as g_${g}`,
    );
    for (const c of TOKEN_SUM_COLUMNS)
      selects.push(this.db.raw('sum(??) as ??', [c, c]));
    q.select(selects);
    if (query.groupBy.length) q.groupBy(query.groupBy.map(g => columnOf[g]));
    return (await q).map((r: Record<string, unknown>) => ({
      serverRef: r.g_server as string | undefined,
      teamRef: r.g_team as string | undefined,
      day: r.g_day === undefined ? undefined : num(r.g_day),
      model: r.g_model as string | undefined,
      toolName: r.g_tool as string | undefined,
      inputTokens: num(r.input_tokens),
      outputTokens: num(r.output_tokens),
      cachedTokens: num(r.cached_tokens),
      cost: num(r.cost),
    }));
  }

  async sumCompute(query: CostQuery): Promise<ComputeSumRow[]> {
    if (query.groupBy.some(g => g === 'model' || g === 'tool')) {
      throw new TypeError('Compute costs are per server and day');
    }
    const columnOf: Record<string, string> = {
      server: 'server_ref',
      team: 'team_ref',
      day: 'day_ts',
    };
    const q = this.costQuery(T.computeDaily, query);
    const selects: (string | Knex.Raw)[] = query.groupBy.map(
      g => `${columnOf[g]} as g_${g}`,
    );
    selects.push(this.db.raw('sum(hours) as hours'));
    selects.push(this.db.raw('sum(cost) as cost'));
    q.select(selects);
    if (query.groupBy.length) q.groupBy(query.groupBy.map(g => columnOf[g]));
    return (await q).map((r: Record<string, unknown>) => ({
      serverRef: r.g_server as string | undefined,
      teamRef: r.g_team as string | undefined,
      day: r.g_day === undefined ? undefined : num(r.g_day),
      hours: num(r.hours),
      cost: num(r.cost),
    }));
  }

  private costQuery(table: string, query: CostQuery) {
    const q = this.db(table)
      .where('day_ts', '>=', query.fromDay)
      .where('day_ts', '<', query.toDay);
    if (query.serverRefs) q.whereIn('server_ref', query.serverRefs);
    if (query.excludeServerRefs?.length)
      q.whereNotIn('server_ref', query.excludeServerRefs);
    if (query.teamRefs) q.whereIn('team_ref', query.teamRefs);
    return q;
  }
}
