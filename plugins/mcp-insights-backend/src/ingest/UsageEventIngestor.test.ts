import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Registry } from 'prom-client';
import { ComputeCostAccrual } from '../cost/ComputeCostAccrual';
import { CostModel } from '../cost/CostModel';
import { DatabaseInsightsStore } from '../database/DatabaseInsightsStore';
import { migrationConfig } from '../database/migrations';
import { InsightsMetrics } from '../metrics/InsightsMetrics';
import { testSettings } from '../testing/testSettings';
import { PendingUsageFolder } from './PendingUsageFolder';
import { ServerDirectory } from './ServerDirectory';
import { UsageEventIngestor } from './UsageEventIngestor';

jest.setTimeout(60_000);

const NOW = Date.parse('2026-11-15T12:00:00Z');
const LEDGER = 'api:default/payments-ledger';

describe('UsageEventIngestor', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function setup(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest(migrationConfig);
    const store = DatabaseInsightsStore.fromKnex(knex);
    await store.syncServers(
      [
        {
          serverRef: LEDGER,
          name: 'payments-ledger',
          teamRef: 'group:default/payments',
        },
      ],
      NOW,
    );
    const settings = testSettings({ retention: { eventIdDays: 30 } });
    const costModel = new CostModel(settings.cost);
    const now = () => NOW;
    const ingestor = new UsageEventIngestor({
      store,
      costModel,
      servers: new ServerDirectory(store, now),
      folder: new PendingUsageFolder({
        store,
        logger: mockServices.logger.mock(),
        fineRetentionMs: 8 * 3_600_000,
        now,
      }),
      metrics: new InsightsMetrics(new Registry()),
      eventIdDays: 30,
      computeCosts: {
        accrual: new ComputeCostAccrual({ store, costModel }),
        retentionDays: 400,
      },
      now,
    });
    const computeRows = async () =>
      (
        await knex('mcp_insights_compute_daily')
          .where('server_ref', LEDGER)
          .orderBy('day_ts')
          .select('day_ts', 'hours', 'cost')
      ).map(r => ({
        day: new Date(Number(r.day_ts) * 1000).toISOString().slice(0, 10),
        hours: Number(r.hours),
        cost: Number(r.cost),
      }));
    const firstSeen = async () =>
      (await store.listServers({ includeRemoved: true })).find(
        s => s.serverRef === LEDGER,
      )!.firstSeenAt;
    return { store, ingestor, computeRows, firstSeen };
  }

  const event = (
    id: string,
    timestamp: string,
    server = 'payments-ledger',
  ) => ({
    id,
    timestamp,
    server,
    tool: 'get_payment',
    outcome: 'success',
    durationMs: 40,
  });

  it.each(databases.eachSupportedId())(
    'moves a server back to its earliest pushed usage and accrues its compute cost since, once, on %p',
    async databaseId => {
      const { ingestor, computeRows, firstSeen } = await setup(databaseId);
      expect(await firstSeen()).toBe(NOW);

      const result = await ingestor.ingest(
        [
          event('a', '2026-11-13T10:00:00Z'),
          event('b', '2026-11-12T06:00:00Z'),
          // Unknown servers are kept as unallocated usage; they have no compute to accrue.
          event('c', '2026-11-01T00:00:00Z', 'not-in-the-catalog'),
        ],
        { wait: true },
      );
      expect(result).toMatchObject({ accepted: 3, rejected: 0 });
      expect(await firstSeen()).toBe(Date.parse('2026-11-12T06:00:00Z'));

      // Default resources: 1 replica × (0.5 CPU × 0.04 + 1 GB × 0.005) = 0.025 per hour.
      const rows = await computeRows();
      expect(rows.map(r => [r.day, r.hours])).toEqual([
        ['2026-11-12', 18],
        ['2026-11-13', 24],
        ['2026-11-14', 24],
        ['2026-11-15', 12],
      ]);
      expect(rows.reduce((sum, r) => sum + r.cost, 0)).toBeCloseTo(
        78 * 0.025,
        9,
      );

      // The same history again, and later usage, move nothing and add nothing.
      await ingestor.ingest([event('b', '2026-11-12T06:00:00Z')], {
        wait: true,
      });
      await ingestor.ingest([event('d', '2026-11-14T06:00:00Z')], {
        wait: true,
      });
      expect(await firstSeen()).toBe(Date.parse('2026-11-12T06:00:00Z'));
      expect(await computeRows()).toEqual(rows);
    },
  );
});
