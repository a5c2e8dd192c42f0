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
import {
  GATEWAY_SOURCE_REFUSAL,
  UsageEventIngestor,
} from './UsageEventIngestor';

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
    const aliveSince = async () =>
      (await store.listServers({ includeRemoved: true })).find(
        s => s.serverRef === LEDGER,
      )!.aliveSince;
    return { knex, store, ingestor, computeRows, firstSeen, aliveSince };
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
      const { ingestor, computeRows, firstSeen, aliveSince } = await setup(
        databaseId,
      );
      expect(await firstSeen()).toBe(NOW);
      // Catalogued, but no sign of life yet: nothing to charge.
      expect(await aliveSince()).toBeUndefined();
      expect(await computeRows()).toEqual([]);

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
      expect(await aliveSince()).toBe(Date.parse('2026-11-12T06:00:00Z'));

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

  /** A call the MCP gateway relayed for `team`, as its meter reports it. */
  const relayed = (id: string, team: string | undefined, minute: number) => ({
    id,
    timestamp: `2026-11-15T10:${String(minute).padStart(2, '0')}:00Z`,
    server: LEDGER,
    tool: 'get_payment',
    outcome: minute % 2 ? 'error' : 'success',
    durationMs: 40,
    consumer: {
      principal: 'user:default/ada',
      user: 'user:default/ada',
      ...(team ? { team } : {}),
    },
    requestBytes: 200,
    responseBytes: 4000,
    estimatedTokens: { input: 50, output: 1000 },
    source: 'gateway',
  });

  it.each(databases.eachSupportedId())(
    'keeps gateway-observed calls apart, per consuming team, and counts a replayed batch once, on %p',
    async databaseId => {
      const { knex, ingestor } = await setup(databaseId);
      const batch = [
        relayed('gw-1', 'Group:default/Analytics', 0),
        relayed('gw-2', 'group:default/analytics', 1),
        relayed('gw-3', 'group:default/customer-success', 2),
        relayed('gw-4', undefined, 4),
      ];
      expect(await ingestor.ingest(batch, { wait: true })).toMatchObject({
        accepted: 4,
        rejected: 0,
      });
      // The gateway crashed before it recorded the answer and sends everything again, twice
      // at once (two replicas draining the same outbox).
      const replays = await Promise.all([
        ingestor.ingest(batch, { wait: true }),
        ingestor.ingest(batch, { wait: true }),
      ]);
      expect(replays.map(r => [r.accepted, r.duplicates])).toEqual([
        [0, 4],
        [0, 4],
      ]);

      const hourly = await knex('mcp_insights_gateway_hourly')
        .where('tool_name', '*')
        .orderBy('consumer_team_ref')
        .select();
      expect(
        hourly.map(r => ({
          consumer: r.consumer_team_ref,
          owner: r.team_ref,
          calls: Number(r.calls),
          errors: Number(r.errors),
          requestBytes: Number(r.request_bytes),
          responseBytes: Number(r.response_bytes),
          estimatedInputTokens: Number(r.estimated_input_tokens),
          estimatedOutputTokens: Number(r.estimated_output_tokens),
          under50ms: Number(r.le_50),
        })),
      ).toEqual([
        {
          consumer: 'group:default/analytics',
          owner: 'group:default/payments',
          calls: 2,
          errors: 1,
          requestBytes: 400,
          responseBytes: 8000,
          estimatedInputTokens: 100,
          estimatedOutputTokens: 2000,
          under50ms: 2,
        },
        expect.objectContaining({
          consumer: 'group:default/customer-success',
          calls: 1,
          errors: 0,
        }),
        expect.objectContaining({ consumer: 'unallocated', calls: 1 }),
      ]);
      const daily = await knex('mcp_insights_gateway_daily')
        .where({ tool_name: 'get_payment' })
        .sum({ calls: 'calls' });
      expect(Number(daily[0].calls)).toBe(4);
      const fine = await knex('mcp_insights_gateway_5m')
        .where({ tool_name: '*' })
        .sum({ calls: 'calls' });
      expect(Number(fine[0].calls)).toBe(4);
      // The server's own tables hold what the server reported, not the gateway's calls.
      expect(await knex('mcp_insights_usage_hourly').select()).toEqual([]);
      expect(
        (await knex('mcp_insights_team_daily').select()).map(r =>
          Number(r.calls),
        ),
      ).toEqual([0]);
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses gateway-observed events from callers who are not services, one by one, on %p',
    async databaseId => {
      const { knex, ingestor } = await setup(databaseId);
      const user = {
        allows: () => true,
        refusal: () => '',
        gatewaySource: false,
      };
      const result = await ingestor.ingest(
        [
          relayed('gw-1', 'group:default/analytics', 0),
          event('client-1', '2026-11-15T10:00:00Z'),
          { ...event('client-2', '2026-11-15T10:00:00Z'), source: 'client' },
          { ...event('client-3', '2026-11-15T10:00:00Z'), requestBytes: 10 },
        ],
        { wait: true, scope: user },
      );
      expect(result).toEqual({
        accepted: 2,
        duplicates: 0,
        rejected: 2,
        duplicateIds: [],
        errors: [
          { index: 0, id: 'gw-1', message: GATEWAY_SOURCE_REFUSAL },
          {
            index: 3,
            id: 'client-3',
            message:
              'requestBytes is recorded for calls observed at the MCP gateway only (source gateway)',
          },
        ],
      });
      expect(await knex('mcp_insights_gateway_hourly').select()).toEqual([]);
      // The refused id was not spent: the gateway may still send it.
      expect(
        await ingestor.ingest([relayed('gw-1', undefined, 0)], { wait: true }),
      ).toMatchObject({ accepted: 1 });
    },
  );
});
