import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { LATENCY_COLUMNS } from '../rollups/latencyBuckets';
import { RollupRow, RollupRows, UsageRollup } from '../rollups/UsageRollup';
import { UsageIncrement } from '../rollups/UsageIncrement';
import {
  AlertStateRecord,
  ComputeCostRow,
  ComputeSumRow,
  CostQuery,
  GATEWAY_TABLE_OF,
  InsightsStore,
  OwnUsageTable,
  RetentionCutoffs,
  SeriesState,
  ServerRecord,
  ServerSnapshot,
  TargetAttempt,
  TargetRecord,
  TeamRecord,
  TokenSumRow,
  UsageQuery,
  UsageSumRow,
} from './InsightsStore';
import {
  ColumnType,
  insertNewIds,
  isPostgres,
  upsertAdding,
} from './bulkWrites';
import { applyMigrations } from './migrations';

const T = {
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
const USAGE_TABLES = {
  usage_5m: { table: T.usage5m, ts: 'bucket_ts', teams: false },
  usage_hourly: { table: T.usageHourly, ts: 'hour_ts', teams: true },
  usage_daily: { table: T.usageDaily, ts: 'day_ts', teams: true },
  gateway_5m: { table: T.gateway5m, ts: 'bucket_ts', teams: false },
  gateway_hourly: { table: T.gatewayHourly, ts: 'hour_ts', teams: true },
  gateway_daily: { table: T.gatewayDaily, ts: 'day_ts', teams: true },
} as const;

const USAGE_SUM_COLUMNS = [
  'calls',
  'errors',
  'duration_sum_ms',
  ...LATENCY_COLUMNS,
];
const TRAFFIC_SUM_COLUMNS = [
  'request_bytes',
  'response_bytes',
  'estimated_input_tokens',
  'estimated_output_tokens',
];
const TOKEN_SUM_COLUMNS = [
  'input_tokens',
  'output_tokens',
  'cached_tokens',
  'cost',
];

/**
 * Rows per INSERT: knex writes SQLite multi-row inserts as a compound SELECT, limited to 500
 * terms; 500 rows also stay under both databases' bound-parameter limits.
 */
const CHUNK = 500;

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const orUndefined = <V>(v: V | null): V | undefined =>
  v === null ? undefined : v;

function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function chunks<V>(items: V[], size = CHUNK): V[][] {
  const result: V[][] = [];
  for (let i = 0; i < items.length; i += size)
    result.push(items.slice(i, i + size));
  return result;
}

function serverRecordOf(r: any): ServerRecord {
  return {
    serverRef: r.server_ref,
    name: r.name,
    title: orUndefined(r.title),
    teamRef: r.team_ref,
    sloAnnotation: orUndefined(r.slo_annotation),
    resourcesAnnotation: orUndefined(r.resources_annotation),
    budgetAnnotation: orUndefined(r.budget_annotation),
    metricsUrl: orUndefined(r.metrics_url),
    firstSeenAt: num(r.first_seen_at),
    aliveSince:
      r.alive_since === null || r.alive_since === undefined
        ? undefined
        : num(r.alive_since),
    lastSeenAt: num(r.last_seen_at),
    removedAt: r.removed_at === null ? undefined : num(r.removed_at),
  };
}

/** Storage of MCP insights on the plugin's knex database (SQLite or PostgreSQL). */
export class DatabaseInsightsStore implements InsightsStore {
  private constructor(private readonly db: Knex) {}

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseInsightsStore> {
    const client = options.skipMigrations
      ? await options.database.getClient()
      : await applyMigrations(options.database);
    return new DatabaseInsightsStore(client);
  }

  /** For tests and benchmarks that bring their own migrated knex. */
  static fromKnex(db: Knex): DatabaseInsightsStore {
    return new DatabaseInsightsStore(db);
  }

  async syncServers(snapshots: ServerSnapshot[], nowMs: number) {
    await this.db.transaction(async trx => {
      const rows = snapshots.map(s => ({
        server_ref: s.serverRef,
        name: s.name,
        title: s.title ?? null,
        team_ref: s.teamRef,
        slo_annotation: s.sloAnnotation ?? null,
        resources_annotation: s.resourcesAnnotation ?? null,
        budget_annotation: s.budgetAnnotation ?? null,
        metrics_url: s.metricsUrl ?? null,
        first_seen_at: nowMs,
        last_seen_at: nowMs,
        removed_at: null,
      }));
      for (const chunk of chunks(rows, 200)) {
        await trx(T.servers)
          .insert(chunk)
          .onConflict('server_ref')
          .merge([
            'name',
            'title',
            'team_ref',
            'slo_annotation',
            'resources_annotation',
            'budget_annotation',
            'metrics_url',
            'last_seen_at',
            'removed_at',
          ]);
      }
      const present = new Set(snapshots.map(s => s.serverRef));
      const gone = (
        await trx(T.servers).whereNull('removed_at').select('server_ref')
      )
        .map(r => r.server_ref as string)
        .filter(ref => !present.has(ref));
      for (const chunk of chunks(gone, 200)) {
        await trx(T.servers)
          .whereIn('server_ref', chunk)
          .update({ removed_at: nowMs });
      }
    });
  }

  async listServers(options: { includeRemoved?: boolean } = {}) {
    const query = this.db(T.servers).select().orderBy('server_ref');
    if (!options.includeRemoved) query.whereNull('removed_at');
    return (await query).map(serverRecordOf);
  }

  async getServer(serverRef: string) {
    const row = await this.db(T.servers).where('server_ref', serverRef).first();
    return row ? serverRecordOf(row) : undefined;
  }

  async backdateServers(
    updates: { serverRef: string; firstSeenAt: number }[],
  ): Promise<ServerRecord[]> {
    const moved: string[] = [];
    await this.db.transaction(async trx => {
      for (const u of updates) {
        const count = await trx(T.servers)
          .where('server_ref', u.serverRef)
          .andWhere('first_seen_at', '>', u.firstSeenAt)
          .update({ first_seen_at: u.firstSeenAt });
        if (count) moved.push(u.serverRef);
      }
    });
    if (!moved.length) return [];
    const refs = new Set(moved);
    return (await this.listServers({ includeRemoved: true })).filter(s =>
      refs.has(s.serverRef),
    );
  }

  async markServersAlive(
    updates: { serverRef: string; atMs: number }[],
  ): Promise<ServerRecord[]> {
    const changed: string[] = [];
    await this.db.transaction(async trx => {
      for (const u of updates) {
        const count = await trx(T.servers)
          .where('server_ref', u.serverRef)
          .andWhere(q =>
            q.whereNull('alive_since').orWhere('alive_since', '>', u.atMs),
          )
          .update({ alive_since: Math.floor(u.atMs) });
        if (count) changed.push(u.serverRef);
      }
    });
    if (!changed.length) return [];
    const refs = new Set(changed);
    return (await this.listServers({ includeRemoved: true })).filter(s =>
      refs.has(s.serverRef),
    );
  }

  async syncTeams(teams: TeamRecord[]) {
    await this.db.transaction(async trx => {
      await trx(T.teams).delete();
      for (const chunk of chunks(teams, 200)) {
        await trx(T.teams).insert(
          chunk.map(t => ({
            team_ref: t.teamRef,
            title: t.title ?? null,
            parent_ref: t.parentRef ?? null,
            budget_annotation: t.budgetAnnotation ?? null,
          })),
        );
      }
    });
  }

  async listTeams() {
    return (await this.db(T.teams).select().orderBy('team_ref')).map(
      (r): TeamRecord => ({
        teamRef: r.team_ref,
        title: orUndefined(r.title),
        parentRef: orUndefined(r.parent_ref),
        budgetAnnotation: orUndefined(r.budget_annotation),
      }),
    );
  }

  async recordUsage(increments: UsageIncrement[], fineSinceMs: number) {
    if (increments.length === 0) return;
    await this.db.transaction(trx =>
      this.writeRollups(trx, increments, fineSinceMs),
    );
  }

  async stageEvents(
    events: { id: string; increment: UsageIncrement }[],
    nowMs: number,
  ) {
    if (events.length === 0) return new Set<string>();
    // Every writer inserts ids in the same (sorted) order, so two batches that share ids wait
    // for each other instead of deadlocking; a deadlock with another kind of writer is retried.
    const sorted = [...events].sort((a, b) => compareIds(a.id, b.id));
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(async trx => {
          // ON CONFLICT DO NOTHING ... RETURNING answers with the ids this insert added: a
          // concurrent replica inserting the same id gets it, and this one does not count it.
          const fresh = new Set(
            await insertNewIds(trx, {
              table: T.events,
              idColumn: 'event_id',
              extra: { received_at: Math.floor(nowMs / 1000) },
              ids: sorted.map(e => e.id),
            }),
          );
          if (fresh.size) {
            const rollup = new UsageRollup();
            for (const e of sorted)
              if (fresh.has(e.id)) rollup.add(e.increment);
            await trx(T.pending).insert({
              created_at: nowMs,
              events: fresh.size,
              payload: rollup.serialize(),
            });
          }
          return fresh;
        });
      } catch (error) {
        if (attempt >= 3 || (error as { code?: string }).code !== '40P01') {
          throw error;
        }
      }
    }
  }

  async foldPending(maxBatches: number, fineSinceMs: number) {
    return await this.db.transaction(async trx => {
      // Claim by deleting: the batches leave the queue in the transaction that counts them.
      // SKIP LOCKED lets replicas fold different batches at the same time.
      const claimed: { events: number | string; payload: string }[] =
        isPostgres(this.db)
          ? (
              await trx.raw(
                `DELETE FROM ${T.pending} WHERE seq IN (SELECT seq FROM ${T.pending} ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING events, payload`,
                [maxBatches],
              )
            ).rows
          : await trx.raw(
              `DELETE FROM ${T.pending} WHERE seq IN (SELECT seq FROM ${T.pending} ORDER BY seq LIMIT ?) RETURNING events, payload`,
              [maxBatches],
            );
      if (!claimed.length) return { batches: 0, events: 0 };
      const rollup = new UsageRollup();
      let events = 0;
      for (const batch of claimed) {
        rollup.merge(batch.payload);
        events += Number(batch.events);
      }
      await this.writeRollupRows(trx, rollup.rows(fineSinceMs));
      return { batches: claimed.length, events };
    });
  }

  async pendingUsage() {
    const [row] = await this.db(T.pending)
      .count({ batches: '*' })
      .sum({ events: 'events' });
    return { batches: num(row?.batches), events: num(row?.events) };
  }

  async getSeriesState(target: string) {
    const rows = await this.db(T.seriesState).where({ target }).select();
    return new Map<string, SeriesState>(
      rows.map(r => [
        r.series_key as string,
        { value: num(r.value), sampleMs: num(r.sample_ms) },
      ]),
    );
  }

  async recordCollection(options: {
    increments: UsageIncrement[];
    fineSinceMs: number;
    state: Map<string, SeriesState>;
    attempt: TargetAttempt;
  }) {
    const { attempt } = options;
    await this.db.transaction(async trx => {
      await this.writeRollups(trx, options.increments, options.fineSinceMs);
      await trx(T.seriesState).where({ target: attempt.target }).delete();
      const stateRows = [...options.state.entries()].map(([key, s]) => ({
        target: attempt.target,
        series_key: key,
        value: s.value,
        sample_ms: s.sampleMs,
      }));
      for (const chunk of chunks(stateRows)) {
        await trx(T.seriesState).insert(chunk);
      }
      await trx(T.targets)
        .insert({
          target: attempt.target,
          url: attempt.url,
          last_attempt_at: attempt.atMs,
          last_success_at: attempt.atMs,
          last_error: null,
          warnings: attempt.warnings?.length
            ? JSON.stringify(attempt.warnings)
            : null,
          consecutive_failures: 0,
          series_count: attempt.seriesCount ?? 0,
        })
        .onConflict('target')
        .merge();
    });
  }

  async recordTargetFailure(attempt: TargetAttempt) {
    await this.db.transaction(async trx => {
      const existing = await trx(T.targets)
        .where({ target: attempt.target })
        .first();
      const row = {
        target: attempt.target,
        url: attempt.url,
        last_attempt_at: attempt.atMs,
        last_error: (attempt.error ?? 'unknown error').slice(0, 2000),
        consecutive_failures: num(existing?.consecutive_failures) + 1,
      };
      if (existing) {
        await trx(T.targets).where({ target: attempt.target }).update(row);
      } else {
        await trx(T.targets).insert({ ...row, series_count: 0 });
      }
    });
  }

  async listTargets() {
    return (await this.db(T.targets).select().orderBy('target')).map(
      (r): TargetRecord => ({
        target: r.target,
        url: r.url,
        lastAttemptAt:
          r.last_attempt_at === null ? undefined : num(r.last_attempt_at),
        lastSuccessAt:
          r.last_success_at === null ? undefined : num(r.last_success_at),
        lastError: orUndefined(r.last_error),
        warnings: r.warnings ? JSON.parse(r.warnings) : [],
        consecutiveFailures: num(r.consecutive_failures),
        seriesCount: num(r.series_count),
      }),
    );
  }

  async pruneTargets(keep: string[]) {
    const keepSet = new Set(keep);
    const stale = (await this.db(T.targets).select('target'))
      .map(r => r.target as string)
      .filter(t => !keepSet.has(t));
    for (const chunk of chunks(stale, 200)) {
      await this.db(T.targets).whereIn('target', chunk).delete();
      await this.db(T.seriesState).whereIn('target', chunk).delete();
    }
  }

  async upsertComputeCosts(rows: ComputeCostRow[]) {
    if (!rows.length) return;
    const days = [...new Set(rows.map(r => r.dayTs))];
    await this.db.transaction(async trx => {
      for (const chunk of chunks(rows)) {
        await trx(T.computeDaily)
          .insert(
            chunk.map(r => ({
              day_ts: r.dayTs,
              server_ref: r.serverRef,
              team_ref: r.teamRef,
              hours: r.hours,
              cost: r.cost,
            })),
          )
          .onConflict(['day_ts', 'server_ref'])
          .merge(['team_ref', 'hours', 'cost']);
      }
      // Recompute the teams' compute cost of those days from the server rows.
      await trx(T.teamDaily)
        .whereIn('day_ts', days)
        .update({ compute_cost: 0 });
      await trx.raw(
        `INSERT INTO ${T.teamDaily} (day_ts, team_ref, compute_cost)
         SELECT day_ts, team_ref, sum(cost) FROM ${T.computeDaily}
         WHERE day_ts IN (${days.map(() => '?').join(', ')})
         GROUP BY day_ts, team_ref
         ON CONFLICT (day_ts, team_ref) DO UPDATE SET compute_cost = excluded.compute_cost`,
        days,
      );
    });
  }

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

  async listAlertStates(): Promise<Map<string, AlertStateRecord>> {
    const rows = await this.db(T.alertStates).select();
    return new Map(
      rows.map(r => [
        r.alert_key,
        {
          key: r.alert_key,
          state: r.state,
          teamRef: r.team_ref,
          changedAt: num(r.changed_at),
        },
      ]),
    );
  }

  async claimAlertTransition(t: {
    key: string;
    from: string | undefined;
    to: string;
    teamRef: string;
    atMs: number;
  }): Promise<boolean> {
    if (t.from === undefined) {
      // First sight of the alert: whoever inserts the row owns the transition.
      const inserted = await this.db(T.alertStates)
        .insert({
          alert_key: t.key,
          state: t.to,
          team_ref: t.teamRef,
          changed_at: t.atMs,
        })
        .onConflict('alert_key')
        .ignore()
        .returning('alert_key');
      return inserted.length === 1;
    }
    const count = await this.db(T.alertStates)
      .where({ alert_key: t.key, state: t.from })
      .update({ state: t.to, team_ref: t.teamRef, changed_at: t.atMs });
    return count === 1;
  }

  async pruneAlertStates(beforeMs: number, keep: Set<string>) {
    const old = (
      await this.db(T.alertStates)
        .where('changed_at', '<', beforeMs)
        .select('alert_key')
    )
      .map(r => r.alert_key as string)
      .filter(key => !keep.has(key));
    let deleted = 0;
    for (const chunk of chunks(old, 200))
      deleted += await this.db(T.alertStates)
        .whereIn('alert_key', chunk)
        .delete();
    return deleted;
  }

  async getMeta(key: string) {
    const row = await this.db(T.meta).where({ key }).first();
    return row ? (row.value as string) : undefined;
  }

  async setMeta(key: string, value: string) {
    await this.db(T.meta).insert({ key, value }).onConflict('key').merge();
  }

  async applyRetention(cutoffs: RetentionCutoffs) {
    // Pending batches are kept: they are counted by the next fold, whatever their age.
    const expiring: [table: string, column: string, before: number][] = [
      [T.usage5m, 'bucket_ts', cutoffs.fiveMinute],
      [T.gateway5m, 'bucket_ts', cutoffs.fiveMinute],
      [T.usageHourly, 'hour_ts', cutoffs.hourly],
      [T.gatewayHourly, 'hour_ts', cutoffs.hourly],
      [T.tokensHourly, 'hour_ts', cutoffs.hourly],
      [T.usageDaily, 'day_ts', cutoffs.daily],
      [T.gatewayDaily, 'day_ts', cutoffs.daily],
      [T.tokensDaily, 'day_ts', cutoffs.daily],
      [T.computeDaily, 'day_ts', cutoffs.daily],
      [T.teamDaily, 'day_ts', cutoffs.daily],
      [T.events, 'received_at', cutoffs.eventIds],
    ];
    let deleted = 0;
    for (const [table, column, before] of expiring)
      deleted += await this.db(table).where(column, '<', before).delete();
    return deleted;
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

  private async writeRollups(
    trx: Knex.Transaction,
    increments: UsageIncrement[],
    fineSinceMs: number,
  ) {
    if (increments.length === 0) return;
    const rollup = new UsageRollup();
    for (const increment of increments) rollup.add(increment);
    await this.writeRollupRows(trx, rollup.rows(fineSinceMs));
  }

  private async writeRollupRows(trx: Knex.Transaction, rows: RollupRows) {
    const usageSums = USAGE_SUM_COLUMNS.map((c): [string, ColumnType] => [
      c,
      c === 'calls' || c === 'errors' ? 'bigint' : 'float8',
    ]);
    const tokenSums: [string, ColumnType][] = [
      ['input_tokens', 'bigint'],
      ['output_tokens', 'bigint'],
      ['cached_tokens', 'bigint'],
      ['cost', 'float8'],
    ];
    const serverTool: [string, ColumnType][] = [
      ['server_ref', 'text'],
      ['tool_name', 'text'],
    ];
    await upsertAdding(trx, {
      table: T.usage5m,
      keys: [['bucket_ts', 'bigint'], ...serverTool],
      sums: usageSums,
      rows: rows.usage5m,
    });
    await upsertAdding(trx, {
      table: T.usageHourly,
      keys: [['hour_ts', 'bigint'], ...serverTool, ['team_ref', 'text']],
      sums: usageSums,
      rows: rows.usageHourly,
    });
    await upsertAdding(trx, {
      table: T.usageDaily,
      keys: [['day_ts', 'bigint'], ...serverTool, ['team_ref', 'text']],
      sums: [...usageSums, ['token_cost', 'float8'], ['other_cost', 'float8']],
      rows: rows.usageDaily,
    });
    const teamDays = new Map<string, RollupRow>();
    for (const row of rows.usageDaily) {
      if (row.tool_name !== '*') continue;
      const key = `${row.day_ts}\u0000${row.team_ref}`;
      const sum = teamDays.get(key) ?? {
        day_ts: row.day_ts,
        team_ref: row.team_ref,
        calls: 0,
        errors: 0,
        token_cost: 0,
        other_cost: 0,
      };
      for (const c of ['calls', 'errors', 'token_cost', 'other_cost']) {
        sum[c] = (sum[c] as number) + (row[c] as number);
      }
      teamDays.set(key, sum);
    }
    await upsertAdding(trx, {
      table: T.teamDaily,
      keys: [
        ['day_ts', 'bigint'],
        ['team_ref', 'text'],
      ],
      sums: [
        ['calls', 'bigint'],
        ['errors', 'bigint'],
        ['token_cost', 'float8'],
        ['other_cost', 'float8'],
      ],
      rows: [...teamDays.entries()]
        .sort(([a], [b]) => compareIds(a, b))
        .map(([, row]) => row),
    });
    await upsertAdding(trx, {
      table: T.tokensHourly,
      keys: [
        ['hour_ts', 'bigint'],
        ...serverTool,
        ['team_ref', 'text'],
        ['model', 'text'],
      ],
      sums: tokenSums,
      rows: rows.tokensHourly,
    });
    await upsertAdding(trx, {
      table: T.tokensDaily,
      keys: [
        ['day_ts', 'bigint'],
        ...serverTool,
        ['team_ref', 'text'],
        ['model', 'text'],
      ],
      sums: tokenSums,
      rows: rows.tokensDaily,
    });
    const teams: [string, ColumnType][] = [
      ['team_ref', 'text'],
      ['consumer_team_ref', 'text'],
    ];
    const trafficSums = TRAFFIC_SUM_COLUMNS.map((c): [string, ColumnType] => [
      c,
      'bigint',
    ]);
    await upsertAdding(trx, {
      table: T.gateway5m,
      keys: [['bucket_ts', 'bigint'], ...serverTool],
      sums: usageSums,
      rows: rows.gateway5m,
    });
    await upsertAdding(trx, {
      table: T.gatewayHourly,
      keys: [['hour_ts', 'bigint'], ...serverTool, ...teams],
      sums: [...usageSums, ...trafficSums],
      rows: rows.gatewayHourly,
    });
    await upsertAdding(trx, {
      table: T.gatewayDaily,
      keys: [['day_ts', 'bigint'], ...serverTool, ...teams],
      sums: [...usageSums, ...trafficSums],
      rows: rows.gatewayDaily,
    });
  }
}
