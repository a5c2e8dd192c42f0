// @ts-check

/**
 * Discovery status of each MCP server known to the catalog.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mcp_catalog_servers', table => {
    table.comment('Discovery status of each mcp-server API entity');
    table.string('entity_ref', 255).primary().notNullable();
    table.string('status', 32).notNullable().defaultTo('pending');
    table.timestamp('last_attempt_at', { useTz: true }).nullable();
    table.timestamp('last_success_at', { useTz: true }).nullable();
    table.text('last_error').nullable();
    table.integer('latency_ms').nullable();
    table.string('protocol_version', 64).nullable();
    table.text('server_info').nullable().comment('JSON: name, title, version');
    table.text('capabilities').nullable().comment('JSON: as advertised');
    table.integer('consecutive_failures').notNullable().defaultTo(0);
    table.timestamp('next_attempt_at', { useTz: true }).nullable();
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.index(['status'], 'mcp_catalog_servers_status_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mcp_catalog_servers');
};
