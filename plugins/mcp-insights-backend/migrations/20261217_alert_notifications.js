// @ts-check

/*
 * The last state each alert was notified in (a team's budget threshold this month, a spend spike,
 * a server's SLO page/ticket status), so a notification goes out once per transition and a
 * re-evaluation in the same state sends nothing. Replicas claim a transition by a conditional
 * update of its row before sending: only the one whose update matched sends.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('mcp_insights_alert_states', table => {
    table.comment('Last notified state of each alert (once per transition)');
    table
      .string('alert_key', 700)
      .primary()
      .comment(
        'e.g. budget:group:default/payments:2026-12 or slo:api:default/x',
      );
    table
      .string('state', 64)
      .notNullable()
      .comment('ok, or the firing state: a threshold, page, ticket, spike...');
    table.string('team_ref', 500).notNullable();
    table.bigInteger('changed_at').notNullable().comment('epoch ms');
    table.index(['changed_at'], 'mcp_insights_alert_states_changed_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mcp_insights_alert_states');
};
