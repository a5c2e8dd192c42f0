// @ts-check

/**
 * Which MCP protocol revisions each server speaks (2026-07-28 through `server/discover`, the
 * 2025 handshake, or both), the era verdict discovery reuses to skip a probe, and when the
 * revisions were last checked.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('mcp_catalog_servers', table => {
    table
      .string('protocol_era', 16)
      .nullable()
      .comment('modern (2026-07-28) | legacy (2025 era): what discovery used');
    table
      .text('protocol_revisions')
      .nullable()
      .comment('JSON: revisions the server was seen to speak, newest first');
    table
      .text('era_verdict')
      .nullable()
      .comment('JSON: cached era verdict (server/discover answer or legacy)');
    table
      .timestamp('revisions_checked_at', { useTz: true })
      .nullable()
      .comment('when the revisions were last probed afresh');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('mcp_catalog_servers', table => {
    table.dropColumn('protocol_era');
    table.dropColumn('protocol_revisions');
    table.dropColumn('era_verdict');
    table.dropColumn('revisions_checked_at');
  });
};
