// @ts-check

/**
 * PostgreSQL: word searches walk the listing order and check each tool's search text. With the
 * text in the table only, every tool walked past costs a visit to its (wide) row. This index
 * carries the search text too, so such walks read the index alone. An index entry has a size
 * limit: it holds the tools whose name, server and search text fit in SEARCH_INLINE_BYTES
 * (all but unusually long descriptions), marked by the generated column `search_inline`; the
 * others have an index of their own. SQLite needs nothing: it searches with its trigram index.
 */

const SEARCH_INLINE_BYTES = 2000;
const LISTING =
  'state, name collate "C", server_ref collate "C", read_only, destructive, max_severity, approval';

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  if (knex.client.config.client !== 'pg') return;
  await knex.raw(
    `alter table mcp_catalog_tools add column search_inline boolean generated always as (octet_length(name) + octet_length(server_ref) + octet_length(search_text) <= ${SEARCH_INLINE_BYTES}) stored`,
  );
  await knex.raw(
    `create index mcp_catalog_tools_listing_text_idx on mcp_catalog_tools (${LISTING}) include (id, search_text) where search_inline`,
  );
  await knex.raw(
    `create index mcp_catalog_tools_listing_long_text_idx on mcp_catalog_tools (${LISTING}) include (id) where not search_inline`,
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (knex.client.config.client !== 'pg') return;
  await knex.raw(
    'drop index if exists mcp_catalog_tools_listing_long_text_idx',
  );
  await knex.raw('drop index if exists mcp_catalog_tools_listing_text_idx');
  await knex.raw('alter table mcp_catalog_tools drop column search_inline');
};
