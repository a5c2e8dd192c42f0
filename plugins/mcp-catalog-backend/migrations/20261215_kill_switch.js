// @ts-check

/**
 * The kill switch: servers and tools taken out of service, with who, when and why, and every
 * use of the switch. Keyed by entity ref and tool name without a foreign key to the servers
 * table, so a switch outlives the server's catalog entry: a server deleted and registered again
 * mid-incident stays out of service until someone enables it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mcp_catalog_kill_switches', table => {
    table.comment('Servers and tools currently out of service');
    table.string('server_ref', 255).notNullable();
    table
      .string('tool_name', 255)
      .notNullable()
      .comment("the tool, or '' for the whole server");
    table.string('disabled_by', 255).notNullable();
    table.timestamp('disabled_at', { useTz: true }).notNullable();
    table.text('reason').notNullable();
    table.primary(['server_ref', 'tool_name']);
  });
  await knex.schema.createTable('mcp_catalog_kill_switch_events', table => {
    table.comment('Audit trail: every disable and enable, with its reason');
    table.increments('id');
    table.string('server_ref', 255).notNullable();
    table
      .string('tool_name', 255)
      .notNullable()
      .comment("the tool, or '' for the whole server");
    table.string('action', 16).notNullable().comment('disable | enable');
    table.string('actor', 255).notNullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.text('reason').notNullable();
    table.index(
      ['server_ref', 'tool_name', 'id'],
      'mcp_catalog_kill_switch_events_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mcp_catalog_kill_switch_events');
  await knex.schema.dropTable('mcp_catalog_kill_switches');
};
