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

      // Servers recorded before "awaiting deployment" existed: one that never answered, one
      // that did and fails now.
      await knex.migrate.down(migrationConfig);
      await knex('mcp_catalog_servers').insert([
        {
          entity_ref: 'api:default/fresh',
          name: 'fresh',
          remotes: '[]',
          status: 'error',
        },
        {
          entity_ref: 'api:default/flaky',
          name: 'flaky',
          remotes: '[]',
          status: 'error',
          last_success_at: new Date('2026-12-02T10:00:00Z'),
        },
      ]);
      await knex('mcp_catalog_discovery_attempts').insert({
        server_ref: 'api:default/flaky',
        attempted_at: new Date('2026-12-01T10:00:00Z'),
        ok: true,
      });
      await knex.migrate.up(migrationConfig);
      const migrated = await knex('mcp_catalog_servers')
        .whereIn('entity_ref', ['api:default/fresh', 'api:default/flaky'])
        .orderBy('entity_ref');
      expect(migrated.map(r => [r.entity_ref, r.status])).toEqual([
        ['api:default/flaky', 'error'],
        ['api:default/fresh', 'awaiting-deployment'],
      ]);
      expect(new Date(migrated[0].first_success_at).toISOString()).toBe(
        '2026-12-01T10:00:00.000Z',
      );
      expect(migrated[1].first_success_at).toBeNull();

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
