import { Knex } from 'knex';
import { UsageIncrement } from '../rollups/UsageIncrement';
import { chunks, num, orUndefined, T } from './insightsTables';
import {
  CollectionStateStore,
  SeriesState,
  TargetAttempt,
  TargetRecord,
} from './InsightsStore';
import { writeIncrements } from './writeRollupRows';

/** What collection remembers per target: counter series and the last attempt's outcome. */
export class DatabaseCollectionStateStore implements CollectionStateStore {
  constructor(private readonly db: Knex) {}

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
      await writeIncrements(trx, options.increments, options.fineSinceMs);
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
}
