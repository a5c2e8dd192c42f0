// @ts-check

/**
 * Faster tool search: the server name is kept on each tool (no join per query), the default
 * order is indexed, and on PostgreSQL a trigram index serves `LIKE '%word%'`.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('mcp_catalog_tools', table => {
    table.string('server_name', 255).nullable();
  });
  await knex('mcp_catalog_tools').update({
    server_name: knex('mcp_catalog_servers')
      .select('name')
      .where('entity_ref', knex.ref('mcp_catalog_tools.server_ref')),
  });
  await knex.schema.alterTable('mcp_catalog_tools', table => {
    table.index(['state', 'name', 'server_ref'], 'mcp_catalog_tools_order_idx');
  });
  if (knex.client.config.client === 'pg') {
    // pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    const { rows } = await knex.raw(
      "select 1 from pg_available_extensions where name = 'pg_trgm'",
    );
    if (rows.length) {
      await knex.raw('create extension if not exists pg_trgm');
      await knex.raw(
        'create index mcp_catalog_tools_search_trgm_idx on mcp_catalog_tools using gin (search_text gin_trgm_ops)',
      );
    }
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (knex.client.config.client === 'pg') {
    await knex.raw('drop index if exists mcp_catalog_tools_search_trgm_idx');
  }
  await knex.schema.alterTable('mcp_catalog_tools', table => {
    table.dropIndex(
      ['state', 'name', 'server_ref'],
      'mcp_catalog_tools_order_idx',
    );
    table.dropColumn('server_name');
  });
};
