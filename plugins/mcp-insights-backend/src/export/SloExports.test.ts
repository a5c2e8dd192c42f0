import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseInsightsStore } from '../database/DatabaseInsightsStore';
import { migrationConfig } from '../database/migrations';
import { SloEvaluator } from '../slo/SloEvaluator';
import { testSettings } from '../testing/testSettings';
import { SloExports } from './SloExports';

jest.setTimeout(60_000);

const LEDGER = 'api:default/payments-ledger';
const VAULT = 'api:default/payments-vault';
const GONE = 'api:default/retired';
const T0 = Date.UTC(2026, 10, 15);

describe('SloExports', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function setup(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest(migrationConfig);
    const store = DatabaseInsightsStore.fromKnex(knex);
    const slo = 'availability=99.9,latency-p95=2000ms,window=30d';
    const server = (serverRef: string) => ({
      serverRef,
      name: serverRef.replace(/^.*\//, ''),
      teamRef: 'group:default/payments',
      sloAnnotation: slo,
    });
    await store.syncServers([server(LEDGER), server(VAULT), server(GONE)], T0);
    await store.syncServers([server(LEDGER), server(VAULT)], T0 + 1000);
    const settings = testSettings();
    const slos = new SloEvaluator({ store, settings: settings.slo });
    return new SloExports({ store, slos, settings });
  }

  it.each(databases.eachSupportedId())(
    'exports the rules and dashboards of the catalogued servers the caller may see, on %p',
    async databaseId => {
      const exports = await setup(databaseId);
      const hidden = {
        refs: new Set([VAULT]),
        has: (r: string) => r === VAULT,
      };

      const all = (await exports.prometheusRules())!;
      expect(all).toContain('payments-ledger');
      expect(all).toContain('payments-vault');
      expect(all).not.toContain('retired');
      const visible = (await exports.prometheusRules({ hidden }))!;
      expect(visible).toContain('payments-ledger');
      expect(visible).not.toContain('payments-vault');
      expect(
        await exports.prometheusRules({ serverRef: VAULT, hidden }),
      ).toBeUndefined();
      expect(
        await exports.prometheusRules({ serverRef: GONE }),
      ).toBeUndefined();

      expect(await exports.grafanaDashboard(LEDGER)).toMatchObject({
        title: expect.stringContaining('payments-ledger'),
      });
      expect(await exports.grafanaDashboard(VAULT, hidden)).toBeUndefined();
      expect(await exports.grafanaDashboard(GONE)).toBeUndefined();
    },
  );
});
