import { Knex } from 'knex';
import { chunks, num, T } from './insightsTables';
import { AlertStateRecord, AlertStateStore } from './InsightsStore';

/** The state each alert was last notified in, and the plugin's small key-value settings. */
export class DatabaseAlertStateStore implements AlertStateStore {
  constructor(private readonly db: Knex) {}

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
}
