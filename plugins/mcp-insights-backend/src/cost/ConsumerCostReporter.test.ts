import { TestDatabases } from '@backstage/backend-test-utils';
import {
  CONSUMER_COST_CSV_COLUMNS,
  DIRECT_USAGE,
  UNALLOCATED_TEAM,
} from '@mcp-platform/plugin-mcp-insights-common';
import { DatabaseInsightsStore } from '../database/DatabaseInsightsStore';
import { InsightsStore } from '../database/InsightsStore';
import { migrationConfig } from '../database/migrations';
import { latencyOfCall } from '../rollups/latencyBuckets';
import { GatewayObservation, UsageIncrement } from '../rollups/UsageIncrement';
import { SloEvaluator } from '../slo/SloEvaluator';
import { testSettings } from '../testing/testSettings';
import { computeCostRows } from './ComputeCostAccrual';
import { CostModel } from './CostModel';
import { createCostServices } from './createCostServices';

jest.setTimeout(60_000);

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-11-15T12:00:00Z');
const LEDGER = 'api:default/payments-ledger';
const DESK = 'api:default/support-desk';
const ENGINEERING = 'group:default/engineering';
const PAYMENTS = 'group:default/payments';
const ANALYTICS = 'group:default/analytics';
const SUPPORT = 'group:default/customer-success';

/** `count` calls of get_payment, `errors` failed, each 40 ms. */
function calls(
  iso: string,
  serverRef: string,
  teamRef: string,
  count: number,
  rest: Partial<UsageIncrement> = {},
): UsageIncrement {
  return {
    timestampMs: at(iso),
    serverRef,
    teamRef,
    toolName: 'get_payment',
    calls: count,
    errors: 0,
    durationSumMs: 40 * count,
    latency: latencyOfCall(40).map(v => v * count),
    otherCost: 0,
    ...rest,
  };
}

const relayed = (
  consumerTeamRef: string,
  count: number,
): GatewayObservation => ({
  consumerTeamRef,
  requestBytes: 100 * count,
  responseBytes: 1000 * count,
  estimatedInputTokens: 25 * count,
  estimatedOutputTokens: 250 * count,
});

/*
 * Priced by hand (testSettings: 0.025 an hour for default resources, big-model input 10 per
 * million):
 *
 * payments-ledger (payments), in the catalog from Nov 13: compute 0.6 + 0.6 + 0.3 (12 h) = 1.5
 *   Nov 13  its metrics: 100 calls                                  → 0.6 direct
 *   Nov 14  its metrics: the 40 calls the gateway relayed, with 400k big-model input (4); the
 *           gateway: 30 for analytics (1 failed at the gateway), 10 for customer-success
 *           → 4.6 by calls: analytics 3.45, customer-success 1.15
 *   Nov 15  the gateway only: 10 calls (2 failed) of a caller without team → 0.3 unallocated
 *   Calls: 100 + 40 + 10 = 150, not 190; errors 3; spend 5.5.
 * support-desk (customer-success), new today: 5 calls with other cost 11 → 11 direct
 * Total 16.5; attributed to consuming teams 4.9.
 */
async function seed(store: InsightsStore) {
  const ledger = {
    serverRef: LEDGER,
    name: 'payments-ledger',
    title: 'Payments ledger',
    teamRef: PAYMENTS,
    sloAnnotation: 'availability=99,window=30d',
  };
  await store.syncServers([ledger], at('2026-11-13T00:00:00Z'));
  await store.syncServers(
    [ledger, { serverRef: DESK, name: 'support-desk', teamRef: SUPPORT }],
    NOW,
  );
  await store.syncTeams([
    { teamRef: ENGINEERING, title: 'Engineering' },
    { teamRef: PAYMENTS, title: 'Payments', parentRef: ENGINEERING },
    { teamRef: ANALYTICS, title: 'Analytics', parentRef: ENGINEERING },
    { teamRef: SUPPORT, title: 'Customer success' },
  ]);
  await store.recordUsage(
    [
      calls('2026-11-13T09:00:00Z', LEDGER, PAYMENTS, 100),
      calls('2026-11-14T09:00:00Z', LEDGER, PAYMENTS, 40, {
        tokens: [
          { model: 'big-model', input: 400_000, output: 0, cached: 0, cost: 4 },
        ],
      }),
      calls('2026-11-14T09:10:00Z', LEDGER, PAYMENTS, 30, {
        errors: 1,
        gateway: relayed(ANALYTICS, 30),
      }),
      calls('2026-11-14T09:20:00Z', LEDGER, PAYMENTS, 10, {
        gateway: relayed(SUPPORT, 10),
      }),
      calls('2026-11-15T10:00:00Z', LEDGER, PAYMENTS, 10, {
        errors: 2,
        gateway: relayed(UNALLOCATED_TEAM, 10),
      }),
      calls('2026-11-15T10:00:00Z', DESK, SUPPORT, 5, {
        toolName: 'create_ticket',
        otherCost: 11,
      }),
    ],
    0,
  );
  const costModel = new CostModel(testSettings().cost);
  // Each server runs from when the catalog had it (its first scrape, say).
  await store.markServersAlive(
    (
      await store.listServers({ includeRemoved: true })
    ).map(s => ({
      serverRef: s.serverRef,
      atMs: s.firstSeenAt,
    })),
  );
  await store.upsertComputeCosts(
    computeCostRows(
      await store.listServers({ includeRemoved: true }),
      NOW,
      costModel,
    ),
  );
  return costModel;
}

describe('spend by consuming team', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function setup(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest(migrationConfig);
    const store = DatabaseInsightsStore.fromKnex(knex);
    const costModel = await seed(store);
    const costs = createCostServices({
      store,
      costModel,
      alerts: testSettings().alerts,
      now: () => NOW,
    });
    const slos = new SloEvaluator({
      store,
      settings: testSettings().slo,
      now: () => NOW,
    });
    return { costs, slos };
  }

  it.each(databases.eachSupportedId())(
    "charges each server's daily spend to the teams that called it through the gateway, adding up to the owners' view, on %p",
    async databaseId => {
      const { costs } = await setup(databaseId);
      const owners = await costs.reports.teams();
      const list = await costs.consumers.consumers();
      expect(owners.total.total).toBeCloseTo(16.5, 6);
      expect(list.total).toEqual(owners.total);
      expect(list.attributed.total).toBeCloseTo(4.9, 6);

      const row = (team: string) => list.teams.find(t => t.team === team)!;
      expect(list.teams.map(t => t.team)).toEqual([
        DIRECT_USAGE,
        ANALYTICS,
        ENGINEERING,
        SUPPORT,
        UNALLOCATED_TEAM,
      ]);
      expect(row(DIRECT_USAGE)).toMatchObject({
        calls: 105,
        errors: 0,
        cost: { compute: 0.6, llmTokens: 0, other: 11, total: 11.6 },
        serverCount: 2,
      });
      expect(row(ANALYTICS)).toMatchObject({
        title: 'Analytics',
        parent: ENGINEERING,
        calls: 30,
        errors: 1,
        cost: { compute: 0.45, llmTokens: 3, total: 3.45 },
        serverCount: 1,
      });
      // A parent includes its child groups.
      expect(row(ENGINEERING)).toMatchObject({
        children: [ANALYTICS, PAYMENTS],
        calls: 30,
        cost: { total: 3.45 },
      });
      expect(row(SUPPORT)).toMatchObject({ calls: 10, cost: { total: 1.15 } });
      expect(row(UNALLOCATED_TEAM)).toMatchObject({
        calls: 10,
        errors: 2,
        cost: { compute: 0.3, total: 0.3 },
      });
      // The top-level rows add up to the total: every cost is charged once.
      const topLevel = list.teams.filter(t => !t.parent);
      expect(topLevel.reduce((sum, t) => sum + t.cost.total, 0)).toBeCloseTo(
        list.total.total,
        6,
      );

      const analytics = await costs.consumers.consumerReport(ANALYTICS);
      expect(analytics!.servers).toEqual([
        expect.objectContaining({
          serverRef: LEDGER,
          title: 'Payments ledger',
          ownerTeam: PAYMENTS,
          calls: 30,
          errors: 1,
          total: 3.45,
          share: expect.closeTo(3.45 / 5.5, 6),
        }),
      ]);
      expect(
        analytics!.daily.filter(d => d.total > 0).map(d => [d.date, d.total]),
      ).toEqual([['2026-11-14', 3.45]]);
      const engineering = await costs.consumers.consumerReport(ENGINEERING);
      expect(engineering).toMatchObject({
        cost: { total: 3.45 },
        childTeams: [expect.objectContaining({ team: ANALYTICS })],
      });
      // A group that called nothing has a report with nothing in it; an unknown team has none.
      expect(await costs.consumers.consumerReport(PAYMENTS)).toMatchObject({
        calls: 0,
        cost: { total: 0 },
        servers: [],
      });
      expect(
        await costs.consumers.consumerReport('group:default/nobody'),
      ).toBeUndefined();

      // Hidden servers are left out, as in the owners' view.
      const withoutLedger = await costs.consumers.consumers(undefined, {
        refs: new Set([LEDGER]),
        has: ref => ref === LEDGER,
      });
      expect(withoutLedger.total.total).toBeCloseTo(11, 6);
      expect(withoutLedger.teams.map(t => t.team)).toEqual([DIRECT_USAGE]);
    },
  );

  it.each(databases.eachSupportedId())(
    "splits a server's spend by consumer on its cost tab and in the CSV, adding up to its total, on %p",
    async databaseId => {
      const { costs } = await setup(databaseId);
      const report = (await costs.reports.serverReport(LEDGER))!;
      expect(report.server).toMatchObject({
        total: 5.5,
        calls: 150,
        errors: 3,
      });
      expect(report.gateway).toEqual({
        calls: 50,
        errors: 3,
        requestBytes: 5000,
        responseBytes: 50_000,
        estimatedInputTokens: 1250,
        estimatedOutputTokens: 12_500,
        p95LatencyMs: expect.any(Number),
        days: 2,
      });
      expect(report.gateway!.p95LatencyMs).toBeGreaterThan(25);
      expect(report.gateway!.p95LatencyMs).toBeLessThanOrEqual(50);
      expect(
        report.consumers.map(c => [c.team, c.calls, c.total, c.share]),
      ).toEqual([
        [ANALYTICS, 30, 3.45, expect.closeTo(3.45 / 5.5, 6)],
        [SUPPORT, 10, 1.15, expect.closeTo(1.15 / 5.5, 6)],
        [DIRECT_USAGE, 100, 0.6, expect.closeTo(0.6 / 5.5, 6)],
        [UNALLOCATED_TEAM, 10, 0.3, expect.closeTo(0.3 / 5.5, 6)],
      ]);
      expect(report.consumers.reduce((sum, c) => sum + c.total, 0)).toBeCloseTo(
        report.server.total,
        6,
      );
      const desk = (await costs.reports.serverReport(DESK))!;
      expect(desk.gateway).toBeNull();
      expect(desk.consumers).toEqual([
        expect.objectContaining({ team: DIRECT_USAGE, total: 11, share: 1 }),
      ]);

      const csv = (await costs.consumers.csv(undefined, undefined))!;
      const [header, ...lines] = csv.trimEnd().split('\r\n');
      expect(header).toBe(CONSUMER_COST_CSV_COLUMNS.join(','));
      expect(lines).toEqual([
        `2026-11-13,direct,${LEDGER},${PAYMENTS},100,0,0.6,0,0,0.6,USD`,
        `2026-11-14,${ANALYTICS},${LEDGER},${PAYMENTS},30,1,0.45,3,0,3.45,USD`,
        `2026-11-14,${SUPPORT},${LEDGER},${PAYMENTS},10,0,0.15,1,0,1.15,USD`,
        `2026-11-15,direct,${DESK},${SUPPORT},5,0,0,0,11,11,USD`,
        `2026-11-15,unallocated,${LEDGER},${PAYMENTS},10,2,0.3,0,0,0.3,USD`,
      ]);
      const total = lines.reduce(
        (sum, line) => sum + Number(line.split(',')[9]),
        0,
      );
      expect(total).toBeCloseTo(16.5, 6);
      expect(
        (await costs.consumers.csv(ENGINEERING, undefined))!
          .trimEnd()
          .split('\r\n'),
      ).toHaveLength(2);
      expect(
        await costs.consumers.csv('group:default/nobody', undefined),
      ).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    "counts a call the server's metrics and the gateway both saw once, in cost reports, the CSV and SLOs, on %p",
    async databaseId => {
      const { costs, slos } = await setup(databaseId);
      // Owners' view: 100 calls from the metrics on Nov 13, the gateway's 40 on Nov 14 (the
      // metrics' 40 of that day left out) and its 10 today.
      const payments = (await costs.reports.teamReport(PAYMENTS))!;
      expect(payments.servers).toEqual([
        expect.objectContaining({
          serverRef: LEDGER,
          calls: 150,
          errors: 3,
          total: 5.5,
          tools: [expect.objectContaining({ tool: 'get_payment', calls: 150 })],
        }),
      ]);
      const csv = (await costs.csv.render(PAYMENTS, undefined, 'tool'))!;
      expect(csv).toContain(
        `2026-11-14,${PAYMENTS},${LEDGER},get_payment,40,1,`,
      );
      expect(csv).toContain(
        `2026-11-15,${PAYMENTS},${LEDGER},get_payment,10,2,`,
      );

      // SLOs: the same calls, with the failures the gateway saw.
      const { items } = await slos.list();
      expect(items.find(i => i.serverRef === LEDGER)).toMatchObject({
        calls: 150,
        objectives: [
          expect.objectContaining({
            id: 'availability',
            totalEvents: 150,
            badEvents: 3,
          }),
        ],
      });
      const detail = (await slos.detail(LEDGER))!;
      const burnDown = detail.objectives[0].burnDown;
      // Budget 1 % of 150 = 1.5 bad calls: 1 on Nov 14 leaves 1/3, 2 more today overspend it.
      expect(burnDown[0].remaining).toBe(1);
      expect(
        burnDown.some(p => Math.abs(p.remaining - (1 - 1 / 1.5)) < 1e-6),
      ).toBe(true);
      expect(burnDown[burnDown.length - 1].remaining).toBeCloseTo(
        1 - 3 / 1.5,
        6,
      );
    },
  );
});
