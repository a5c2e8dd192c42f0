import {
  McpPage,
  McpToolSummary,
} from '@mcp-platform/plugin-mcp-catalog-common';
import { Knex } from 'knex';
import { severityRank } from './DiscoveryWriteBatch';
import { emptyPage, switchesOf, toolSummary, whereOneOf } from './catalogRows';
import { ToolQuery } from './McpCatalogStore';

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

/**
 * Tool search over the whole catalog: words, filters and the caller's visible servers, in the
 * listing order, with a plan per database and per expected number of matches.
 */
export class ToolSearch {
  /** PostgreSQL; otherwise SQLite, which has the trigram full-text table (tool_search migration). */
  private readonly pg: boolean;

  constructor(private readonly db: Knex) {
    this.pg = db.client.config.client === 'pg';
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
      if (visibleOnly) whereOneOf(this.pg, q, 't.server_ref', visibleOnly);
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
    const switches = await switchesOf(this.db, [
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
}
