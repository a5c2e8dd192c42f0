import { TestDatabases } from '@backstage/backend-test-utils';
import { migrationConfig } from './migrations';

jest.setTimeout(60_000);

describe('mcp-catalog migrations', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'migrate up and down on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);

      await knex.migrate.latest(migrationConfig);
      await knex('mcp_catalog_servers').insert({
        entity_ref: 'api:default/payments-ledger',
        name: 'payments-ledger',
        remotes: '[]',
        status: 'ok',
        latency_ms: 42,
        server_info: JSON.stringify({
          name: 'payments-ledger',
          version: '1.4.2',
        }),
      });
      const rows = await knex('mcp_catalog_servers').select();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        entity_ref: 'api:default/payments-ledger',
        status: 'ok',
        latency_ms: 42,
        consecutive_failures: 0,
      });

      await knex('mcp_catalog_kill_switches').insert({
        server_ref: 'api:default/payments-ledger',
        tool_name: '',
        disabled_by: 'user:default/grace',
        disabled_at: new Date(),
        reason: 'INC-1',
      });
      expect(await knex('mcp_catalog_kill_switches').select()).toHaveLength(1);

      await knex.migrate.rollback(migrationConfig, true);
      expect(await knex.schema.hasTable('mcp_catalog_servers')).toBe(false);
      expect(await knex.schema.hasTable('mcp_catalog_tools')).toBe(false);
      expect(await knex.schema.hasTable('mcp_catalog_kill_switches')).toBe(
        false,
      );
      await knex.destroy();
    },
  );
});
