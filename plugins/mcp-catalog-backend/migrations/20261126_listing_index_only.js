// @ts-check

/**
 * PostgreSQL: the listing indexes carry the row id (`INCLUDE`), so a page of tool ids, however
 * deep its offset, is read from the index alone instead of visiting a table row for every tool
 * skipped. SQLite needs nothing: its indexes end with the rowid already.
 */

const LISTING =
  'state, name collate "C", server_ref collate "C", read_only, destructive, max_severity, approval';
const OWNER_LISTING =
  'owner_ref, state, name collate "C", server_ref collate "C"';

/**
 * @param {import('knex').Knex} knex
 * @param {string} include
 */
async function recreate(knex, include) {
  await knex.raw('drop index if exists mcp_catalog_tools_listing_idx');
  await knex.raw(
    `create index mcp_catalog_tools_listing_idx on mcp_catalog_tools (${LISTING})${include}`,
  );
  await knex.raw('drop index if exists mcp_catalog_tools_owner_listing_idx');
  await knex.raw(
    `create index mcp_catalog_tools_owner_listing_idx on mcp_catalog_tools (${OWNER_LISTING})${include}`,
  );
}

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  if (knex.client.config.client !== 'pg') return;
  await recreate(knex, ' include (id)');
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (knex.client.config.client !== 'pg') return;
  await recreate(knex, '');
};
