// @ts-check

/**
 * "Not deployed yet" is a state of its own: `first_success_at` says when a server first answered
 * discovery, and a server that never has is `awaiting-deployment` rather than `error` when
 * discovery fails. Existing servers get the time of their oldest recorded success (else their
 * last success); those that never answered move from `error` to `awaiting-deployment`.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('mcp_catalog_servers', table => {
    table
      .timestamp('first_success_at', { useTz: true })
      .nullable()
      .comment('when the server first answered discovery; null: never');
  });
  await knex('mcp_catalog_servers')
    .whereNotNull('last_success_at')
    .update({
      first_success_at: knex.raw(
        `coalesce((select min(a.attempted_at) from mcp_catalog_discovery_attempts a
           where a.server_ref = mcp_catalog_servers.entity_ref and a.ok = ?),
         last_success_at)`,
        [true],
      ),
    });
  await knex('mcp_catalog_servers')
    .where('status', 'error')
    .whereNull('first_success_at')
    .update({ status: 'awaiting-deployment' });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex('mcp_catalog_servers')
    .where('status', 'awaiting-deployment')
    .update({ status: 'error' });
  await knex.schema.alterTable('mcp_catalog_servers', table => {
    table.dropColumn('first_success_at');
  });
};
