// @ts-check

/**
 * Cheaper tool search and discovery. The listing index carries the filter columns, so filtered
 * pages and deep offsets walk the index in order instead of sorting the table; the owner index
 * also gives the listing order. On SQLite the trigram index keeps no positions or sizes (the
 * search asks it which rows hold all trigrams and checks those rows with LIKE), which makes it
 * much cheaper to maintain, and it is only updated when the search text really changes.
 */

const LISTING_COLUMNS = [
  'state',
  'name',
  'server_ref',
  'read_only',
  'destructive',
  'max_severity',
  'approval',
];
const OWNER_LISTING_COLUMNS = ['owner_ref', 'state', 'name', 'server_ref'];

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  const pg = knex.client.config.client === 'pg';
  await knex.schema.alterTable('mcp_catalog_tools', table => {
    table.dropIndex(
      ['state', 'name', 'server_ref'],
      'mcp_catalog_tools_order_idx',
    );
    table.dropIndex(['owner_ref'], 'mcp_catalog_tools_owner_idx');
    // Approval is among the listing index's columns; alone it is too unselective to be used.
    table.dropIndex(['approval'], 'mcp_catalog_tools_approval_idx');
  });
  if (pg) {
    // The search orders by name and server in byte order (collation "C"), as SQLite does: the
    // same order on both, and PostgreSQL sorts and compares such keys much faster.
    await knex.raw(
      'create index mcp_catalog_tools_listing_idx on mcp_catalog_tools (state, name collate "C", server_ref collate "C", read_only, destructive, max_severity, approval)',
    );
    await knex.raw(
      'create index mcp_catalog_tools_owner_listing_idx on mcp_catalog_tools (owner_ref, state, name collate "C", server_ref collate "C")',
    );
  } else {
    await knex.schema.alterTable('mcp_catalog_tools', table => {
      table.index(LISTING_COLUMNS, 'mcp_catalog_tools_listing_idx');
      table.index(OWNER_LISTING_COLUMNS, 'mcp_catalog_tools_owner_listing_idx');
    });
    await replaceTrigramIndex(knex, {
      options: 'detail=none, columnsize=0',
      onlyChangedText: true,
    });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (knex.client.config.client !== 'pg') {
    await replaceTrigramIndex(knex, { options: '', onlyChangedText: false });
  }
  await knex.schema.alterTable('mcp_catalog_tools', table => {
    table.dropIndex(
      OWNER_LISTING_COLUMNS,
      'mcp_catalog_tools_owner_listing_idx',
    );
    table.dropIndex(LISTING_COLUMNS, 'mcp_catalog_tools_listing_idx');
    table.index(['owner_ref'], 'mcp_catalog_tools_owner_idx');
    table.index(['approval'], 'mcp_catalog_tools_approval_idx');
    table.index(['state', 'name', 'server_ref'], 'mcp_catalog_tools_order_idx');
  });
};

/**
 * Recreates the SQLite trigram full-text table (see the tool_search migration) with these FTS5
 * options, its triggers, and its content.
 *
 * @param {import('knex').Knex} knex
 * @param {{ options: string, onlyChangedText: boolean }} spec
 */
async function replaceTrigramIndex(knex, { options, onlyChangedText }) {
  for (const t of ['ai', 'ad', 'au']) {
    await knex.raw(`drop trigger if exists mcp_catalog_tools_fts_${t}`);
  }
  await knex.raw('drop table if exists mcp_catalog_tools_fts');
  await knex.raw(
    `create virtual table mcp_catalog_tools_fts using fts5(search_text, content='mcp_catalog_tools', content_rowid='id', tokenize='trigram'${
      options ? `, ${options}` : ''
    })`,
  );
  await knex.raw(`create trigger mcp_catalog_tools_fts_ai after insert on mcp_catalog_tools begin
    insert into mcp_catalog_tools_fts(rowid, search_text) values (new.id, new.search_text); end`);
  await knex.raw(`create trigger mcp_catalog_tools_fts_ad after delete on mcp_catalog_tools begin
    insert into mcp_catalog_tools_fts(mcp_catalog_tools_fts, rowid, search_text) values ('delete', old.id, old.search_text); end`);
  await knex.raw(`create trigger mcp_catalog_tools_fts_au after update of search_text on mcp_catalog_tools${
    onlyChangedText ? ' when old.search_text is not new.search_text' : ''
  } begin
    insert into mcp_catalog_tools_fts(mcp_catalog_tools_fts, rowid, search_text) values ('delete', old.id, old.search_text);
    insert into mcp_catalog_tools_fts(rowid, search_text) values (new.id, new.search_text); end`);
  await knex.raw(
    "insert into mcp_catalog_tools_fts(mcp_catalog_tools_fts) values ('rebuild')",
  );
}
