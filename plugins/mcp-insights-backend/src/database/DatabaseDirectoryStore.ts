import { Knex } from 'knex';
import { chunks, num, orUndefined, T } from './insightsTables';
import {
  DirectoryStore,
  ServerRecord,
  ServerSnapshot,
  TeamRecord,
} from './InsightsStore';

function serverRecordOf(r: Record<string, any>): ServerRecord {
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

/** The servers and teams insights keeps from the catalog, on the plugin's database. */
export class DatabaseDirectoryStore implements DirectoryStore {
  constructor(private readonly db: Knex) {}

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
}
