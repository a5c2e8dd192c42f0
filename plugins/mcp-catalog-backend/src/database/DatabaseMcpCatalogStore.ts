import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  FINDING_SEVERITIES,
  FindingSeverity,
  McpDisablement,
  McpFinding,
  McpKillSwitchEvent,
  McpPage,
  McpServerDetail,
  McpServerSummary,
  McpToolDetail,
  McpToolSummary,
} from '@mcp-platform/plugin-mcp-catalog-common';
import { createTwoFilesPatch } from 'diff';
import { Knex } from 'knex';
import {
  ATTEMPTS_KEPT,
  DiscoveryWriteBatch,
  IN_LIST_SIZE,
  ServerRow,
  StoredTool,
  chunked,
  findingRowsOf,
  insertRows,
  severityRank,
  trimAttempts,
} from './DiscoveryWriteBatch';
import { applyMigrations } from './migrations';
import {
  DiscoveryRecord,
  McpCatalogStore,
  DueServer,
  ItemFindings,
  KillSwitchChange,
  KillSwitchOutcome,
  ServerQuery,
  ServerSnapshot,
  ToolChanges,
  ToolQuery,
} from './McpCatalogStore';

const severityOfRank = (rank: number): FindingSeverity | undefined =>
  rank > 0 ? FINDING_SEVERITIES[rank - 1] : undefined;

const toIso = (value: unknown): string | undefined =>
  value === null || value === undefined
    ? undefined
    : new Date(value as string | number | Date).toISOString();
const parseJson = <T>(value: unknown): T | undefined =>
  typeof value === 'string' && value.length > 0
    ? (JSON.parse(value) as T)
    : undefined;
const orUndefined = <T>(value: T | null): T | undefined =>
  value === null ? undefined : value;

/** The kill switch's tool name for the whole server. */
const SERVER_SWITCH = '';

/** Uses of the kill switch a server or tool shows. */
const KILL_SWITCH_EVENTS_SHOWN = 50;

type KillSwitches = Map<string, Record<string, any>>;

const switchKey = (serverRef: string, toolName: string) =>
  `${serverRef}\u0000${toolName}`;

function disablementOf(row: any): McpDisablement {
  return {
    scope: row.tool_name === SERVER_SWITCH ? 'server' : 'tool',
    by: row.disabled_by,
    at: toIso(row.disabled_at)!,
    reason: row.reason,
  };
}

function pretty(definitionJson: string): string {
  return `${JSON.stringify(JSON.parse(definitionJson), null, 2)}\n`;
}

/** Tool search counts matches exactly up to this many. */
const TOOL_COUNT_CAP = 1000;

/**
 * A caller who may see at most this many servers has their tools searched like a search of
 * those servers (`server=`): from the servers' tools, not along the listing order of everyone's.
 */
const FEW_SERVERS = 50;

/** PostgreSQL: up to this many expected matches of words, they are all found and sorted. */
const SORTED_MATCHES_MAX = 8000;
/** The same when the listing index holds the search texts, which makes walking it cheaper. */
const SORTED_MATCHES_MAX_INLINE = 2000;

/** What tool lists need: everything but the (large) schemas. */
const SUMMARY_COLUMNS = [
  'server_ref',
  'server_name',
  'owner_ref',
  'name',
  'title',
  'description',
  'read_only',
  'destructive',
  'annotations',
  'approval',
  'state',
  'version',
  'definition_hash',
  'max_severity',
  'last_seen_at',
];

const emptyPage = <T>(query: {
  limit: number;
  offset: number;
}): McpPage<T> => ({
  items: [],
  totalCount: 0,
  offset: query.offset,
  limit: query.limit,
});

/** Escapes LIKE wildcards so a search for `a_b` finds `a_b`, not `axb`. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, m => `\\${m}`);

/**
 * An FTS5 query of the trigram index (SQLite) for these words: rows holding trigrams that cover
 * each word. That is a superset of the rows containing the words, which LIKE then checks exactly;
 * finding it needs no positions, so no phrase matching. Undefined when no word has 3 characters.
 */
function trigramQuery(words: string[]): string | undefined {
  const terms = new Set<string>();
  for (const word of words) {
    const chars = Array.from(word); // code points, as the tokenizer counts them
    const at = (i: number) => chars.slice(i, i + 3).join('');
    for (let i = 0; i + 3 <= chars.length; i += 3) terms.add(at(i));
    if (chars.length >= 3) terms.add(at(chars.length - 3));
  }
  // Control characters have no place in a query string; their words are checked by LIKE alone.
  const usable = [...terms].filter(
    t => !Array.from(t).some(c => c.codePointAt(0)! < 0x20),
  );
  if (!usable.length) return undefined;
  return usable.map(t => `"${t.replace(/"/g, '""')}"`).join(' AND ');
}

/** The MCP catalog's storage on knex (SQLite and PostgreSQL). */
export class DatabaseMcpCatalogStore implements McpCatalogStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseMcpCatalogStore> {
    return new DatabaseMcpCatalogStore(await applyMigrations(options.database));
  }

  /** For tests that bring their own, already migrated, knex. */
  static fromKnex(db: Knex): DatabaseMcpCatalogStore {
    return new DatabaseMcpCatalogStore(db);
  }

  /** PostgreSQL; otherwise SQLite, which has the trigram full-text table (tool_search migration). */
  private readonly pg: boolean;

  private constructor(private readonly db: Knex) {
    this.pg = db.client.config.client === 'pg';
  }

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

  /**
   * Keeps the rows whose `column` is one of `refs`, bound as one parameter however many refs
   * there are (an array on PostgreSQL, a JSON array on SQLite). A check on each row, never an
   * index lookup: hundreds of servers' index entries cost more than they save, and the plan stays
   * the one without the term. SQLite's unary + and PostgreSQL's collation other than the index's
   * keep the planners off the index; PostgreSQL still estimates the share of rows from its
   * statistics, which the choice between sorting and walking the listing order needs.
   */
  private whereOneOf(q: Knex.QueryBuilder, column: string, refs: string[]) {
    if (this.pg) q.whereRaw('?? collate "C" = any(?)', [column, refs]);
    else
      q.whereRaw('+?? in (select value from json_each(?))', [
        column,
        JSON.stringify(refs),
      ]);
  }

  async listServers(query: ServerQuery): Promise<McpPage<McpServerSummary>> {
    if (query.visibleServers?.length === 0) {
      return emptyPage(query);
    }
    const base = this.db('mcp_catalog_servers').where(q => {
      if (query.visibleServers)
        this.whereOneOf(q, 'entity_ref', query.visibleServers);
      if (query.owner?.length) q.whereIn('owner_ref', query.owner);
      if (query.lifecycle?.length) q.whereIn('lifecycle', query.lifecycle);
      if (query.status?.length) q.whereIn('status', query.status);
      if (query.minSeverity)
        q.where('max_severity', '>=', severityRank(query.minSeverity));
      if (query.allToolsApproved) {
        // One probe of the (server_ref, name) index per server, however many tools there are.
        q.whereNotExists(
          this.db('mcp_catalog_tools as t')
            .select(this.db.raw('1'))
            .whereRaw('t.server_ref = mcp_catalog_servers.entity_ref')
            .where('t.state', 'active')
            .whereNot('t.approval', 'approved'),
        );
      }
      if (query.enabledOnly) {
        q.whereNotExists(
          this.db('mcp_catalog_kill_switches as k')
            .select(this.db.raw('1'))
            .whereRaw('k.server_ref = mcp_catalog_servers.entity_ref')
            .where('k.tool_name', SERVER_SWITCH),
        );
      }
    });
    const [{ count }] = await base.clone().count({ count: '*' });
    const rows = await base
      .clone()
      .orderBy('entity_ref')
      .limit(query.limit)
      .offset(query.offset);
    const switches = await this.switchesOf(rows.map(r => r.entity_ref));
    return {
      items: rows.map(r => serverSummary(r, switches)),
      totalCount: Number(count),
      offset: query.offset,
      limit: query.limit,
    };
  }

  async getServer(entityRef: string): Promise<McpServerDetail | undefined> {
    const row = await this.db('mcp_catalog_servers')
      .where('entity_ref', entityRef)
      .first();
    if (!row) return undefined;
    const [tools, prompts, resources, findings, attempts, switches, events] =
      await Promise.all([
        this.db('mcp_catalog_tools')
          .where('server_ref', entityRef)
          .orderBy([{ column: 'state' }, { column: 'name' }]),
        this.db('mcp_catalog_prompts')
          .where('server_ref', entityRef)
          .orderBy('name'),
        this.db('mcp_catalog_resources')
          .where('server_ref', entityRef)
          .orderBy(['kind', 'uri']),
        this.db('mcp_catalog_findings')
          .where('server_ref', entityRef)
          .orderBy([
            { column: 'severity_rank', order: 'desc' },
            { column: 'item_name' },
          ]),
        this.db('mcp_catalog_discovery_attempts')
          .where('server_ref', entityRef)
          .orderBy('id', 'desc')
          .limit(ATTEMPTS_KEPT),
        this.switchesOf([entityRef]),
        this.killSwitchEvents(entityRef),
      ]);
    return {
      ...serverSummary(row, switches),
      capabilities: parseJson(row.capabilities),
      instructions: orUndefined(row.instructions),
      tools: tools.map(t => toolSummary(t, row.name, switches)),
      prompts: prompts.map(p => ({
        name: p.name,
        title: orUndefined(p.title),
        description: orUndefined(p.description),
        arguments: parseJson(p.arguments),
      })),
      resources: resources.map(r => ({
        kind: r.kind,
        uri: r.uri,
        name: orUndefined(r.name),
        title: orUndefined(r.title),
        description: orUndefined(r.description),
        mimeType: orUndefined(r.mime_type),
      })),
      findings: findings.map(findingOf),
      discoveryHistory: attempts.map(a => ({
        attemptedAt: toIso(a.attempted_at)!,
        ok: Boolean(a.ok),
        error: orUndefined(a.error),
        latencyMs: orUndefined(a.latency_ms),
        toolCount: orUndefined(a.tool_count),
        transport: orUndefined(a.transport),
      })),
      killSwitchHistory: events,
    };
  }

  async searchTools(query: ToolQuery): Promise<McpPage<McpToolSummary>> {
    // The servers to search, when some: those asked for, or the caller's few visible ones, whose
    // tools are quicker checked directly than found along the listing order. Many visible servers
    // are a membership check on each row instead, which leaves the plans as they are.
    let servers = query.server?.length ? query.server : undefined;
    let visibleOnly: string[] | undefined;
    if (query.visibleServers) {
      const visible = new Set(query.visibleServers);
      if (servers) servers = servers.filter(s => visible.has(s));
      else if (visible.size <= FEW_SERVERS) servers = [...visible];
      else visibleOnly = query.visibleServers;
      if (servers?.length === 0) return emptyPage(query);
    }
    const words = (query.q ?? '')
      .toLocaleLowerCase('en-US')
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 8);
    // Exact conditions on the tool row `t`; the server name lives on it too, so no join.
    const matching = (q: Knex.QueryBuilder) => {
      for (const w of words) {
        q.whereRaw(`t.search_text like ? escape '\\'`, [`%${likeEscape(w)}%`]);
      }
      if (!query.includeRemoved) {
        // SQLite plans without statistics: given servers, it should start from their few tools,
        // not walk the listing index; the unary + keeps it from using an index for this term.
        if (!this.pg && servers) q.whereRaw('+t.state = ?', ['active']);
        else q.where('t.state', 'active');
      }
      if (query.owner?.length) q.whereIn('t.owner_ref', query.owner);
      if (servers) q.whereIn('t.server_ref', servers);
      if (visibleOnly) this.whereOneOf(q, 't.server_ref', visibleOnly);
      if (query.readOnly !== undefined) q.where('t.read_only', query.readOnly);
      if (query.destructive !== undefined)
        q.where('t.destructive', query.destructive);
      if (query.minSeverity) {
        q.where('t.max_severity', '>=', severityRank(query.minSeverity));
      }
      if (query.changed === true) q.whereNot('t.approval', 'approved');
      if (query.changed === false) q.where('t.approval', 'approved');
    };
    // Byte order on both databases (SQLite's BINARY, PostgreSQL's "C", as the listing index).
    const ordered = (q: Knex.QueryBuilder) =>
      this.pg
        ? q.orderByRaw('t.name collate "C", t.server_ref collate "C"')
        : q.orderBy([{ column: 't.name' }, { column: 't.server_ref' }]);
    // Counting every match of a common word costs a scan; past TOOL_COUNT_CAP, "more than" is enough.
    const countOf = async (q: Knex.QueryBuilder) => {
      const [row] = await this.db.count({ count: '*' }).from(
        q
          .select(this.db.raw('1'))
          .limit(TOOL_COUNT_CAP + 1)
          .as('matches'),
      );
      return Number((row as { count: number | string }).count);
    };
    const idsOf = async (q: Knex.QueryBuilder) =>
      (
        await ordered(q.select('t.id')).limit(query.limit).offset(query.offset)
      ).map((r: { id: number }) => r.id);

    // SQLite: the trigram index narrows the rows to check to those holding the words' trigrams.
    // A server's few tools are quicker checked directly.
    const trigrams = !this.pg && !servers ? trigramQuery(words) : undefined;
    let total: number;
    let ids: number[];
    if (trigrams) {
      // Starting from the index, counting stops at the cap however common the words are.
      const fromIndex = () =>
        this.db('mcp_catalog_tools_fts')
          .crossJoin(
            'mcp_catalog_tools as t',
            't.id',
            'mcp_catalog_tools_fts.rowid',
          )
          .whereRaw('mcp_catalog_tools_fts match ?', [trigrams])
          .where(matching);
      total = await countOf(fromIndex());
      // Few matches: sort them. Many: walk the listing index in order, checking membership.
      ids = await idsOf(
        total <= TOOL_COUNT_CAP
          ? fromIndex()
          : this.db('mcp_catalog_tools as t')
              .whereIn(
                't.id',
                this.db('mcp_catalog_tools_fts')
                  .select('rowid')
                  .whereRaw('mcp_catalog_tools_fts match ?', [trigrams]),
              )
              .where(matching),
      );
    } else if (this.pg && words.length) {
      const base = () => this.db('mcp_catalog_tools as t').where(matching);
      // Matches cluster along the listing order (every `export_*` tool mentions CSV), which the
      // planner cannot know: for a small page it walks the listing index and may read thousands
      // of rows before the first match. Up to some thousands of matches, finding them all with
      // the trigram index and sorting them costs less; the planner's estimate says how many.
      // The listing index with search texts (search_text_in_listing migration) holds the tools
      // whose text fits an index entry, nearly always all of them: then the walk reads the index
      // alone, without visiting a table row per tool walked past.
      let expected: number;
      let longTexts: unknown[];
      [total, expected, longTexts] = await Promise.all([
        countOf(base()),
        this.expectedRows(base().select(this.db.raw('1'))),
        base().whereRaw('not t.search_inline').select('t.id').limit(1),
      ]);
      const inline = longTexts.length === 0;
      const sorted =
        total <= TOOL_COUNT_CAP ||
        expected <= (inline ? SORTED_MATCHES_MAX_INLINE : SORTED_MATCHES_MAX);
      let matches: Knex.QueryBuilder;
      if (sorted) {
        matches = this.db
          .withMaterialized(
            'matches',
            base().select('t.id', 't.name', 't.server_ref'),
          )
          .from('matches as t');
      } else if (inline) {
        matches = base().whereRaw('t.search_inline');
      } else {
        matches = base();
      }
      ids = await idsOf(matches);
    } else {
      const base = () => this.db('mcp_catalog_tools as t').where(matching);
      [total, ids] = await Promise.all([countOf(base()), idsOf(base())]);
    }
    // The wide columns are read for the page only, not for every row sorted past.
    const rows = ids.length
      ? await this.db('mcp_catalog_tools')
          .whereIn('id', ids)
          .select('id', ...SUMMARY_COLUMNS)
      : [];
    const position = new Map(ids.map((id, i) => [id, i]));
    rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
    const switches = await this.switchesOf([
      ...new Set(rows.map(r => r.server_ref as string)),
    ]);
    return {
      items: rows.map(r => toolSummary(r, r.server_name, switches)),
      totalCount: Math.min(total, TOOL_COUNT_CAP),
      ...(total > TOOL_COUNT_CAP ? { totalCountCapped: true } : {}),
      offset: query.offset,
      limit: query.limit,
    };
  }

  /** How many rows PostgreSQL's planner expects the query to return. */
  private async expectedRows(query: Knex.QueryBuilder): Promise<number> {
    const { sql, bindings } = query.toSQL();
    const { rows } = await this.db.raw(`explain (format json) ${sql}`, [
      ...bindings,
    ]);
    const plan = rows[0]?.['QUERY PLAN']?.[0]?.Plan;
    return Number(plan?.['Plan Rows'] ?? Infinity);
  }

  async getTool(
    serverRef: string,
    toolName: string,
  ): Promise<McpToolDetail | undefined> {
    const row = await this.db('mcp_catalog_tools as t')
      .join('mcp_catalog_servers as s', 's.entity_ref', 't.server_ref')
      .where({ 't.server_ref': serverRef, 't.name': toolName })
      .select('t.*', 's.name as server_name')
      .first();
    if (!row) return undefined;
    const [versions, findings, switches, events] = await Promise.all([
      this.db('mcp_catalog_tool_versions')
        .where({ server_ref: serverRef, tool_name: toolName })
        .orderBy('version', 'desc'),
      this.db('mcp_catalog_findings')
        .where({
          server_ref: serverRef,
          item_kind: 'tool',
          item_name: toolName,
        })
        .orderBy('severity_rank', 'desc'),
      this.switchesOf([serverRef]),
      this.killSwitchEvents(serverRef, toolName),
    ]);
    const current = versions.find(
      v => v.definition_hash === row.definition_hash,
    );
    const approved = row.approved_hash
      ? versions.find(v => v.definition_hash === row.approved_hash)
      : undefined;
    let diffFromApproved: string | undefined;
    if (current && row.approval !== 'approved') {
      const before = approved ? pretty(approved.definition) : '';
      diffFromApproved = createTwoFilesPatch(
        approved ? `approved (v${approved.version})` : 'nothing approved yet',
        `current (v${current.version})`,
        before,
        pretty(current.definition),
        undefined,
        undefined,
        { context: 3 },
      );
    }
    return {
      ...toolSummary(row, row.server_name, switches),
      inputSchema: JSON.parse(row.input_schema),
      outputSchema: parseJson(row.output_schema),
      firstSeenAt: toIso(row.first_seen_at)!,
      removedAt: toIso(row.removed_at),
      versions: versions.map(v => ({
        version: v.version,
        definitionHash: v.definition_hash,
        definition: JSON.parse(v.definition),
        seenAt: toIso(v.seen_at)!,
        approvedBy: orUndefined(v.approved_by),
        approvedAt: toIso(v.approved_at),
      })),
      diffFromApproved,
      findings: findings.map(findingOf),
      killSwitchHistory: events,
    };
  }

  async approveTool(options: {
    serverRef: string;
    toolName: string;
    definitionHash: string;
    approvedBy: string;
    now: Date;
  }): Promise<'approved' | 'stale' | 'not-found'> {
    return this.db.transaction(async tx => {
      const row = await tx('mcp_catalog_tools')
        .where({ server_ref: options.serverRef, name: options.toolName })
        .first();
      if (!row) return 'not-found';
      // The approver saw one definition; if discovery found another meanwhile, that one is unreviewed.
      if (row.definition_hash !== options.definitionHash) return 'stale';
      await tx('mcp_catalog_tools')
        .where('id', row.id)
        .update({ approved_hash: row.definition_hash, approval: 'approved' });
      await tx('mcp_catalog_servers')
        .where('entity_ref', options.serverRef)
        .update({ updated_at: options.now });
      await tx('mcp_catalog_tool_versions')
        .where({
          server_ref: options.serverRef,
          tool_name: options.toolName,
          definition_hash: row.definition_hash,
        })
        .update({ approved_by: options.approvedBy, approved_at: options.now });
      return 'approved';
    });
  }

  async setKillSwitch(change: KillSwitchChange): Promise<KillSwitchOutcome> {
    const toolName = change.toolName ?? SERVER_SWITCH;
    const key = { server_ref: change.serverRef, tool_name: toolName };
    const current = async (db: Knex) => {
      const row = await db('mcp_catalog_kill_switches').where(key).first();
      return row ? disablementOf(row) : undefined;
    };
    try {
      return await this.db.transaction(async tx => {
        const server = await tx('mcp_catalog_servers')
          .where('entity_ref', change.serverRef)
          .first('entity_ref');
        const tool =
          server && change.toolName !== undefined
            ? await tx('mcp_catalog_tools')
                .where({ server_ref: change.serverRef, name: change.toolName })
                .first('id')
            : server;
        if (!tool) return { outcome: 'not-found' as const };
        if (change.action === 'disable') {
          const existing = await current(tx);
          if (existing)
            return { outcome: 'unchanged' as const, current: existing };
          await tx('mcp_catalog_kill_switches').insert({
            ...key,
            disabled_by: change.actor,
            disabled_at: change.now,
            reason: change.reason,
          });
        } else {
          const deleted = await tx('mcp_catalog_kill_switches')
            .where(key)
            .delete();
          if (!deleted) return { outcome: 'unchanged' as const };
        }
        await tx('mcp_catalog_kill_switch_events').insert({
          ...key,
          action: change.action,
          actor: change.actor,
          at: change.now,
          reason: change.reason,
        });
        // Readers that cache by server (the gateway, registry clients) see a change.
        await tx('mcp_catalog_servers')
          .where('entity_ref', change.serverRef)
          .update({ updated_at: change.now });
        return { outcome: 'switched' as const };
      });
    } catch (error) {
      // Two disables at once: the second one's insert meets the first one's row.
      const existing =
        change.action === 'disable' ? await current(this.db) : undefined;
      if (existing) return { outcome: 'unchanged', current: existing };
      throw error;
    }
  }

  /** The kill switches of these servers: `<server ref>\0<tool name>` ('' for the server). */
  private async switchesOf(serverRefs: string[]): Promise<KillSwitches> {
    const switches: KillSwitches = new Map();
    for (const chunk of chunked(serverRefs, IN_LIST_SIZE)) {
      const rows = await this.db('mcp_catalog_kill_switches').whereIn(
        'server_ref',
        chunk,
      );
      for (const row of rows)
        switches.set(switchKey(row.server_ref, row.tool_name), row);
    }
    return switches;
  }

  /** The audit trail of a server (and its tools), or of one tool and its server, newest first. */
  private async killSwitchEvents(
    serverRef: string,
    toolName?: string,
  ): Promise<McpKillSwitchEvent[]> {
    const rows = await this.db('mcp_catalog_kill_switch_events')
      .where('server_ref', serverRef)
      .where(q => {
        if (toolName !== undefined)
          q.whereIn('tool_name', [SERVER_SWITCH, toolName]);
      })
      .orderBy('id', 'desc')
      .limit(KILL_SWITCH_EVENTS_SHOWN);
    return rows.map(r => ({
      action: r.action,
      tool: r.tool_name === SERVER_SWITCH ? undefined : r.tool_name,
      by: r.actor,
      at: toIso(r.at)!,
      reason: r.reason,
    }));
  }
}

function serverSummary(r: any, switches: KillSwitches): McpServerSummary {
  const off = switches.get(switchKey(r.entity_ref, SERVER_SWITCH));
  return {
    entityRef: r.entity_ref,
    name: r.name,
    title: orUndefined(r.title),
    description: orUndefined(r.description),
    owner: orUndefined(r.owner_ref),
    lifecycle: orUndefined(r.lifecycle),
    dataClassification: orUndefined(r.data_classification),
    remotes: JSON.parse(r.remotes),
    status: r.status,
    lastAttemptAt: toIso(r.last_attempt_at),
    firstSuccessAt: toIso(r.first_success_at),
    lastSuccessAt: toIso(r.last_success_at),
    lastError: orUndefined(r.last_error),
    latencyMs: orUndefined(r.latency_ms),
    nextAttemptAt: toIso(r.next_attempt_at),
    consecutiveFailures: r.consecutive_failures,
    transport: orUndefined(r.transport),
    protocolVersion: orUndefined(r.protocol_version),
    protocolEra: orUndefined(r.protocol_era),
    protocolRevisions: parseJson(r.protocol_revisions),
    serverInfo: parseJson(r.server_info),
    toolCount: r.tool_count,
    maxSeverity: severityOfRank(r.max_severity),
    updatedAt: toIso(r.updated_at)!,
    ...(off ? { disabled: disablementOf(off) } : {}),
  };
}

function toolSummary(
  r: any,
  serverName: string,
  switches: KillSwitches,
): McpToolSummary {
  // The tool's own switch names the more specific reason; the server's covers it otherwise.
  const off =
    switches.get(switchKey(r.server_ref, r.name)) ??
    switches.get(switchKey(r.server_ref, SERVER_SWITCH));
  return {
    serverRef: r.server_ref,
    serverName,
    owner: orUndefined(r.owner_ref),
    name: r.name,
    title: orUndefined(r.title),
    description: orUndefined(r.description),
    readOnly: Boolean(r.read_only),
    destructive: Boolean(r.destructive),
    annotations: parseJson(r.annotations),
    approval: r.approval,
    state: r.state,
    version: r.version,
    definitionHash: r.definition_hash,
    maxSeverity: severityOfRank(r.max_severity),
    lastSeenAt: toIso(r.last_seen_at)!,
    ...(off ? { disabled: disablementOf(off) } : {}),
  };
}

function findingOf(r: any): McpFinding {
  return {
    itemKind: r.item_kind,
    itemName: r.item_name,
    ruleId: r.rule_id,
    severity: r.severity,
    message: r.message,
    field: r.field,
    evidence: {
      start: r.evidence_start,
      end: r.evidence_end,
      text: r.evidence_text,
    },
  };
}
