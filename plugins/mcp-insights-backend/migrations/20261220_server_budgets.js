// @ts-check

/*
 * A server's own monthly budget: the `mcp-platform.io/monthly-budget` annotation of its
 * `mcp-server` API (the MCP server template writes it), copied by the catalog sync like the
 * resources and SLO annotations, and tracked beside the team's budget.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('mcp_insights_servers', table => {
    table.text('budget_annotation').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('mcp_insights_servers', table => {
    table.dropColumn('budget_annotation');
  });
};
