// @ts-check

/**
 * The gateway's shared state: rate-limit windows (so limits hold across replicas), refused calls
 * (for callers and admins to see why), and the metering outbox (usage events on their way to
 * mcp-insights, kept until insights has them).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mcp_gateway_rate_windows', table => {
    table.comment('Calls claimed per rate-limit key and one-minute window');
    table.string('limit_key', 512).notNullable();
    table.bigInteger('window_start').notNullable().comment('epoch ms');
    table.integer('claimed').notNullable().defaultTo(0);
    table.primary(['limit_key', 'window_start']);
    table.index(['window_start'], 'mcp_gateway_rate_windows_start_idx');
  });
  await knex.schema.createTable('mcp_gateway_refusals', table => {
    table.comment('Calls the gateway refused, and why');
    table.string('id', 36).primary().notNullable();
    table.timestamp('refused_at', { useTz: true }).notNullable();
    table.string('user_ref', 255).notNullable();
    table.string('team_ref', 255).nullable();
    table.string('server_ref', 255).notNullable();
    table.string('tool', 255).notNullable();
    table.string('kind', 32).notNullable();
    table.text('message').notNullable();
    table.string('rule', 255).nullable();
    table.string('decision_id', 64).nullable();
    table.index(['refused_at'], 'mcp_gateway_refusals_at_idx');
    table.index(['user_ref', 'refused_at'], 'mcp_gateway_refusals_user_idx');
  });
  await knex.schema.createTable('mcp_gateway_usage_outbox', table => {
    table.comment('Metered calls not yet acknowledged by mcp-insights');
    table.string('event_id', 64).primary().notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.text('event').notNullable().comment('JSON usage event');
    table.integer('attempts').notNullable().defaultTo(0);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mcp_gateway_usage_outbox');
  await knex.schema.dropTable('mcp_gateway_refusals');
  await knex.schema.dropTable('mcp_gateway_rate_windows');
};
