// @ts-check

/*
 * A server accrues compute cost only from when it is known to run: `alive_since` is the earliest
 * sign of life insights has (its first answer to MCP catalog discovery, its first /metrics
 * scrape, its first usage), epoch ms; null while it has shown none, e.g. a server created from
 * the template and not deployed yet. Servers recorded before this column existed were costed
 * from when insights first saw them, and keep that history: theirs is set to `first_seen_at`.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('mcp_insights_servers', table => {
    table
      .bigInteger('alive_since')
      .nullable()
      .comment('epoch ms of the first sign the server runs; null: none yet');
  });
  await knex('mcp_insights_servers').update({
    alive_since: knex.ref('first_seen_at'),
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('mcp_insights_servers', table => {
    table.dropColumn('alive_since');
  });
};
