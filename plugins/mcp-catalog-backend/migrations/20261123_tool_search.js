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
  if (knex.client.config.client !== 'pg') {
    // SQLite: a trigram full-text index answers LIKE '%word%' for words of 3+ characters.
    await knex.raw(
      "create virtual table mcp_catalog_tools_fts using fts5(search_text, content='mcp_catalog_tools', content_rowid='id', tokenize='trigram')",
    );
    await knex.raw(`create trigger mcp_catalog_tools_fts_ai after insert on mcp_catalog_tools begin
      insert into mcp_catalog_tools_fts(rowid, search_text) values (new.id, new.search_text); end`);
    await knex.raw(`create trigger mcp_catalog_tools_fts_ad after delete on mcp_catalog_tools begin
      insert into mcp_catalog_tools_fts(mcp_catalog_tools_fts, rowid, search_text) values ('delete', old.id, old.search_text); end`);
    await knex.raw(`create trigger mcp_catalog_tools_fts_au after update of search_text on mcp_catalog_tools begin
      insert into mcp_catalog_tools_fts(mcp_catalog_tools_fts, rowid, search_text) values ('delete', old.id, old.search_text);
      insert into mcp_catalog_tools_fts(rowid, search_text) values (new.id, new.search_text); end`);
    await knex.raw(
      "insert into mcp_catalog_tools_fts(mcp_catalog_tools_fts) values ('rebuild')",
    );
  } else {
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
  } else {
    for (const t of ['ai', 'ad', 'au']) {
      await knex.raw(`drop trigger if exists mcp_catalog_tools_fts_${t}`);
    }
    await knex.raw('drop table if exists mcp_catalog_tools_fts');
  }
  await knex.schema.alterTable('mcp_catalog_tools', table => {
    table.dropIndex(
      ['state', 'name', 'server_ref'],
      'mcp_catalog_tools_order_idx',
    );
    table.dropColumn('server_name');
  });
};
