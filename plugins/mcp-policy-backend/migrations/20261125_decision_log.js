// @ts-check

/**
 * The decision log: every enforced decision with its input (context included, so a dry run can
 * replay it), result and fired rules. Fired rules also get a row each, for counts and filters.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('mcp_policy_decisions', table => {
    table.bigIncrements('id').primary();
    table.timestamp('decided_at', { useTz: true }).notNullable();
    table.string('kind', 16).notNullable();
    table.string('principal', 512).notNullable();
    table.string('subject', 1024).notNullable();
    table.string('user_ref', 512).nullable();
    table.string('result', 8).notNullable();
    table.string('reason', 16).nullable();
    table.text('rules').notNullable();
    table.string('input_digest', 64).notNullable();
    table.string('policy_set_digest', 64).notNullable();
    table.text('input').notNullable();
    table.index(['decided_at'], 'mcp_policy_decisions_time_idx');
    table.index(
      ['kind', 'result', 'decided_at'],
      'mcp_policy_decisions_kind_idx',
    );
    table.index(
      ['principal', 'decided_at'],
      'mcp_policy_decisions_principal_idx',
    );
    table.index(['user_ref', 'decided_at'], 'mcp_policy_decisions_user_idx');
  });
  await knex.schema.createTable('mcp_policy_decision_rules', table => {
    table
      .bigInteger('decision_id')
      .notNullable()
      .references('id')
      .inTable('mcp_policy_decisions')
      .onDelete('CASCADE');
    table.string('rule_id', 256).notNullable();
    table.string('effect', 8).notNullable();
    table.boolean('errored').notNullable();
    table.timestamp('decided_at', { useTz: true }).notNullable();
    table.primary(['decision_id', 'rule_id']);
    table.index(
      ['rule_id', 'decided_at'],
      'mcp_policy_decision_rules_rule_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('mcp_policy_decision_rules');
  await knex.schema.dropTable('mcp_policy_decisions');
};
