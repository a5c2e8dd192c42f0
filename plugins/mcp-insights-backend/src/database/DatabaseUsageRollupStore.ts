import { Knex } from 'knex';
import { UsageRollup } from '../rollups/UsageRollup';
import { UsageIncrement } from '../rollups/UsageIncrement';
import { insertNewIds, isPostgres } from './bulkWrites';
import { chunks, compareIds, num, T } from './insightsTables';
import {
  ComputeCostRow,
  RetentionCutoffs,
  UsageRollupStore,
} from './InsightsStore';
import { writeIncrements, writeRollupRows } from './writeRollupRows';

/** Writes of usage into the rollups (collected, pushed and staged), compute costs, retention. */
export class DatabaseUsageRollupStore implements UsageRollupStore {
  constructor(private readonly db: Knex) {}

  async recordUsage(increments: UsageIncrement[], fineSinceMs: number) {
    if (increments.length === 0) return;
    await this.db.transaction(trx =>
      writeIncrements(trx, increments, fineSinceMs),
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
      await writeRollupRows(trx, rollup.rows(fineSinceMs));
      return { batches: claimed.length, events };
    });
  }

  async pendingUsage() {
    const [row] = await this.db(T.pending)
      .count({ batches: '*' })
      .sum({ events: 'events' });
    return { batches: num(row?.batches), events: num(row?.events) };
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
}
