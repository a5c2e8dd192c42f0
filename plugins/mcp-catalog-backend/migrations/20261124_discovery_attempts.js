// @ts-check

/**
 * The last discovery attempts of each server, so owners can see when it started failing.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mcp_catalog_discovery_attempts', table => {
    table.comment(
      'Recent discovery attempts per server (the store keeps the last 20)',
    );
    table.increments('id');
    table
      .string('server_ref', 255)
      .notNullable()
      .references('entity_ref')
      .inTable('mcp_catalog_servers')
      .onDelete('CASCADE');
    table.timestamp('attempted_at', { useTz: true }).notNullable();
    table.boolean('ok').notNullable();
    table.text('error').nullable();
    table.integer('latency_ms').nullable();
    table.integer('tool_count').nullable();
    table.string('transport', 32).nullable();
    table.index(
      ['server_ref', 'id'],
      'mcp_catalog_discovery_attempts_server_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mcp_catalog_discovery_attempts');
};
