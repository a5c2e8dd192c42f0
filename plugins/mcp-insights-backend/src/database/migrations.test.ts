import { TestDatabases } from '@backstage/backend-test-utils';
import { migrationConfig } from './migrations';

jest.setTimeout(60_000);

describe('mcp-insights migrations', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'migrate up and down on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);

      await knex.migrate.latest(migrationConfig);
      await knex('mcp_insights_usage_hourly').insert({
        hour_ts: 1_795_000_000,
        server_ref: 'api:default/payments-ledger',
        tool_name: 'refund_payment',
        team_ref: 'group:default/payments',
        calls: 10,
        errors: 1,
        le_2000: 9.5,
        le_inf: 10,
      });
      const [row] = await knex('mcp_insights_usage_hourly').select();
      expect(row).toMatchObject({ tool_name: 'refund_payment', le_5: 0 });
      expect(Number(row.calls)).toBe(10);
      expect(Number(row.le_2000)).toBe(9.5);

      await knex('mcp_insights_gateway_hourly').insert({
        hour_ts: 1_795_000_000,
        server_ref: 'api:default/payments-ledger',
        tool_name: '*',
        team_ref: 'group:default/payments',
        consumer_team_ref: 'group:default/analytics',
        calls: 3,
        request_bytes: 3_000_000_000,
      });
      const [relayed] = await knex('mcp_insights_gateway_hourly').select();
      expect(Number(relayed.request_bytes)).toBe(3_000_000_000);
      expect(Number(relayed.estimated_output_tokens)).toBe(0);

      await knex('mcp_insights_servers').insert({
        server_ref: 'api:default/refund-desk',
        name: 'refund-desk',
        team_ref: 'group:default/payments',
        budget_annotation: '250',
        first_seen_at: 1_795_000_000_000,
        last_seen_at: 1_795_000_000_000,
      });

      // Servers' budgets go on their own, keeping the servers.
      await knex.migrate.down(migrationConfig);
      expect(
        await knex.schema.hasColumn(
          'mcp_insights_servers',
          'budget_annotation',
        ),
      ).toBe(false);
      expect((await knex('mcp_insights_servers').first()).server_ref).toBe(
        'api:default/refund-desk',
      );

      await knex('mcp_insights_alert_states').insert({
        alert_key: 'budget:group:default/payments:2026-12',
        state: '0.8',
        team_ref: 'group:default/payments',
        changed_at: 1_795_000_000_000,
      });
      // The alert states and "alive since" come and go on their own.
      await knex.migrate.down(migrationConfig);
      expect(await knex.schema.hasTable('mcp_insights_alert_states')).toBe(
        false,
      );
      await knex.migrate.down(migrationConfig);
      expect(
        await knex.schema.hasColumn('mcp_insights_servers', 'alive_since'),
      ).toBe(false);
      // A server costed before "alive since" existed keeps being costed from when it was seen.
      await knex('mcp_insights_servers').insert({
        server_ref: 'api:default/payments-ledger',
        name: 'payments-ledger',
        team_ref: 'group:default/payments',
        first_seen_at: 1_795_000_000_000,
        last_seen_at: 1_795_000_000_000,
      });
      await knex.migrate.up(migrationConfig);
      const server = await knex('mcp_insights_servers')
        .where({ server_ref: 'api:default/payments-ledger' })
        .first();
      expect(Number(server.alive_since)).toBe(1_795_000_000_000);
      await knex.migrate.down(migrationConfig);

      // The gateway tables come and go on their own, leaving the rest.
      await knex.migrate.down(migrationConfig);
      for (const table of [
        'mcp_insights_gateway_5m',
        'mcp_insights_gateway_hourly',
        'mcp_insights_gateway_daily',
      ]) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
      const kept = await knex('mcp_insights_usage_hourly').first();
      expect(Number(kept.calls)).toBe(10);
      await knex.migrate.latest(migrationConfig);
      expect(await knex.schema.hasTable('mcp_insights_gateway_daily')).toBe(
        true,
      );
      expect(await knex.schema.hasTable('mcp_insights_alert_states')).toBe(
        true,
      );

      await knex.migrate.rollback(migrationConfig, true);
      for (const table of [
        'mcp_insights_servers',
        'mcp_insights_usage_hourly',
        'mcp_insights_usage_events',
        'mcp_insights_gateway_daily',
        'mcp_insights_alert_states',
      ]) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
      await knex.destroy();
    },
  );
});
