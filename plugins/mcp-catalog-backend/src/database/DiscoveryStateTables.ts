import { Knex } from 'knex';
import { chunked, IN_LIST_SIZE, insertRows } from './bulkWrites';
import {
  DiscoveryWriteBatch,
  ServerRow,
  StoredTool,
  findingRowsOf,
  trimAttempts,
} from './DiscoveryWriteBatch';
import { orUndefined, parseJson } from './catalogRows';
import {
  DiscoveryRecord,
  DueServer,
  ItemFindings,
  ServerSnapshot,
  ToolChanges,
} from './McpCatalogStore';

/**
 * What discovery writes and reads back: the servers the catalog holds, when each is due, and
 * what each discovery found (tools, revisions, findings, attempts).
 */
export class DiscoveryStateTables {
  constructor(private readonly db: Knex) {}

  async syncServers(snapshots: ServerSnapshot[]) {
    return this.db.transaction(async tx => {
      // One read of every server: this runs on each discovery run, for the whole catalog.
      const existing = new Map<string, Record<string, unknown>>(
        (
          await tx('mcp_catalog_servers').select(
            'entity_ref',
            'name',
            'title',
            'description',
            'owner_ref',
            'lifecycle',
            'data_classification',
            'remotes',
          )
        ).map(r => [r.entity_ref, r]),
      );
      const wanted = new Set(snapshots.map(s => s.entityRef));
      const gone = [...existing.keys()].filter(ref => !wanted.has(ref));
      for (let i = 0; i < gone.length; i += 500) {
        const chunk = gone.slice(i, i + 500);
        // Children first: SQLite enforces the foreign keys only when pragma foreign_keys is on.
        for (const table of [
          'mcp_catalog_discovery_attempts',
          'mcp_catalog_findings',
          'mcp_catalog_resources',
          'mcp_catalog_prompts',
          'mcp_catalog_tool_versions',
          'mcp_catalog_tools',
        ]) {
          await tx(table).whereIn('server_ref', chunk).delete();
        }
        await tx('mcp_catalog_servers').whereIn('entity_ref', chunk).delete();
      }
      const now = new Date();
      const inserts: Record<string, unknown>[] = [];
      for (const s of snapshots) {
        const row = {
          name: s.name,
          title: s.title ?? null,
          description: s.description ?? null,
          owner_ref: s.ownerRef ?? null,
          lifecycle: s.lifecycle ?? null,
          data_classification: s.dataClassification ?? null,
          remotes: JSON.stringify(s.remotes),
        };
        const current = existing.get(s.entityRef);
        if (current) {
          const changed = Object.entries(row).some(
            ([k, v]) => (current[k] ?? null) !== v,
          );
          if (changed) {
            // New remotes deserve a prompt look: schedule discovery now.
            const remotesChanged = current.remotes !== row.remotes;
            await tx('mcp_catalog_servers')
              .where('entity_ref', s.entityRef)
              .update({
                ...row,
                updated_at: now,
                ...(remotesChanged
                  ? { next_attempt_at: null, consecutive_failures: 0 }
                  : {}),
              });
            if (s.ownerRef !== current.owner_ref) {
              await tx('mcp_catalog_tools')
                .where('server_ref', s.entityRef)
                .update({ owner_ref: s.ownerRef ?? null });
            }
          }
        } else {
          inserts.push({
            entity_ref: s.entityRef,
            ...row,
            status: 'pending',
            updated_at: now,
          });
        }
      }
      // New servers (all of them on first start) in a few statements, not one each.
      for (const chunk of chunked(inserts, 50))
        await tx('mcp_catalog_servers').insert(chunk);
      return { added: inserts.length, removed: gone.length };
    });
  }

  async dueServers(now: Date): Promise<DueServer[]> {
    const rows = await this.db('mcp_catalog_servers')
      .where(q =>
        q.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', now),
      )
      .orderBy('entity_ref');
    return rows.map(r => ({
      entityRef: r.entity_ref,
      name: r.name,
      title: orUndefined(r.title),
      description: orUndefined(r.description),
      ownerRef: orUndefined(r.owner_ref),
      lifecycle: orUndefined(r.lifecycle),
      dataClassification: orUndefined(r.data_classification),
      remotes: JSON.parse(r.remotes),
      verdict: parseJson(r.era_verdict),
      revisionsCheckedAt: r.revisions_checked_at
        ? new Date(r.revisions_checked_at)
        : undefined,
    }));
  }

  async recordDiscovery(record: DiscoveryRecord): Promise<ToolChanges> {
    const [changes] = await this.recordDiscoveries([record]);
    return changes;
  }

  async recordDiscoveries(records: DiscoveryRecord[]): Promise<ToolChanges[]> {
    if (!records.length) return [];
    const refs = records.map(r => r.entityRef);
    if (new Set(refs).size !== refs.length)
      throw new Error('recordDiscoveries takes at most one record per server');
    return this.db.transaction(async tx => {
      const servers = new Map<string, ServerRow>();
      for (const chunk of chunked(refs, IN_LIST_SIZE)) {
        const rows = await tx('mcp_catalog_servers')
          .whereIn('entity_ref', chunk)
          .select(
            'entity_ref',
            'name',
            'owner_ref',
            'last_success_at',
            'first_success_at',
          );
        for (const row of rows) servers.set(row.entity_ref, row);
      }
      const toolsOf = new Map<string, Map<string, StoredTool>>();
      for (const chunk of chunked([...servers.keys()], IN_LIST_SIZE)) {
        const rows: StoredTool[] = await tx('mcp_catalog_tools')
          .whereIn('server_ref', chunk)
          .select(
            'id',
            'server_ref',
            'name',
            'definition_hash',
            'approved_hash',
            'version',
            'state',
            'max_severity',
            'search_text',
            'owner_ref',
            'server_name',
          );
        for (const row of rows) {
          let tools = toolsOf.get(row.server_ref);
          if (!tools) toolsOf.set(row.server_ref, (tools = new Map()));
          tools.set(row.name, row);
        }
      }

      const batch = new DiscoveryWriteBatch();
      const changes = records.map(record => {
        const server = servers.get(record.entityRef);
        // Gone from the catalog since the discovery started: nothing to record.
        if (!server)
          return { newTools: [], changedTools: [], removedTools: [] };
        return batch.add(
          record,
          server,
          toolsOf.get(record.entityRef) ?? new Map(),
        );
      });
      await batch.apply(tx);
      return changes;
    });
  }

  async recordFailure(options: {
    entityRef: string;
    error: string;
    now: Date;
    nextAttemptAt: (consecutiveFailures: number) => Date;
  }) {
    const row = await this.db('mcp_catalog_servers')
      .where('entity_ref', options.entityRef)
      .first();
    if (!row) return;
    const failures = row.consecutive_failures + 1;
    await this.db('mcp_catalog_servers')
      .where('entity_ref', options.entityRef)
      .update({
        // A server that never answered is not broken, only not deployed yet.
        status: row.first_success_at ? 'error' : 'awaiting-deployment',
        last_attempt_at: options.now,
        last_error: options.error.slice(0, 4000),
        consecutive_failures: failures,
        next_attempt_at: options.nextAttemptAt(failures),
      });
    await this.db('mcp_catalog_discovery_attempts').insert({
      server_ref: options.entityRef,
      attempted_at: options.now,
      ok: false,
      error: options.error.slice(0, 4000),
    });
    await trimAttempts(this.db, [options.entityRef]);
  }

  async replaceFindings(entityRef: string, items: ItemFindings[]) {
    const rows = findingRowsOf(entityRef, items);
    const toolRanks = new Map<string, number>();
    for (const row of rows) {
      if (row.item_kind === 'tool')
        toolRanks.set(
          row.item_name,
          Math.max(toolRanks.get(row.item_name) ?? 0, row.severity_rank),
        );
    }
    await this.db.transaction(async tx => {
      await tx('mcp_catalog_findings').where('server_ref', entityRef).delete();
      await insertRows(tx, 'mcp_catalog_findings', rows);
      await tx('mcp_catalog_tools')
        .where({ server_ref: entityRef, state: 'active' })
        .where('max_severity', '>', 0)
        .whereNotIn('name', [...toolRanks.keys()])
        .update({ max_severity: 0 });
      for (const [name, rank] of toolRanks)
        await tx('mcp_catalog_tools')
          .where({ server_ref: entityRef, state: 'active', name })
          .update({ max_severity: rank });
      await tx('mcp_catalog_servers')
        .where('entity_ref', entityRef)
        .update({
          max_severity: Math.max(0, ...rows.map(r => r.severity_rank)),
          updated_at: new Date(),
        });
    });
  }

  async activeToolNames(): Promise<Map<string, string[]>> {
    const rows = await this.db('mcp_catalog_tools')
      .where('state', 'active')
      .select('server_ref', 'name');
    const byServer = new Map<string, string[]>();
    for (const r of rows) {
      if (!byServer.has(r.server_ref)) byServer.set(r.server_ref, []);
      byServer.get(r.server_ref)!.push(r.name);
    }
    return byServer;
  }
}
