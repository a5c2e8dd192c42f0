import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseInsightsStore } from '../database/DatabaseInsightsStore';
import { InsightsStore } from '../database/InsightsStore';
import { migrationConfig } from '../database/migrations';
import { UsageIncrement } from '../rollups/UsageIncrement';
import { TEST_INSIGHTS_CONFIG, testSettings } from '../testing/testSettings';
import { computeCostRows } from './ComputeCostAccrual';
import { CostModel } from './CostModel';
import { createCostServices } from './createCostServices';

jest.setTimeout(60_000);

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-11-15T12:00:00Z');
const LEDGER = 'api:default/payments-ledger';
const GATEWAY = 'api:default/model-gateway';
const DESK = 'api:default/support-desk';
const ORPHAN = 'api:default/orphan';
const PAYMENTS = 'group:default/payments';
const ML = 'group:default/ml-platform';
const ENGINEERING = 'group:default/engineering';
const SUPPORT = 'group:default/customer-success';

function usage(
  iso: string,
  serverRef: string,
  teamRef: string,
  rest: Partial<UsageIncrement>,
): UsageIncrement {
  return {
    timestampMs: at(iso),
    serverRef,
    teamRef,
    calls: 0,
    errors: 0,
    durationSumMs: 0,
    otherCost: 0,
    ...rest,
  };
}

/*
 * The known input, priced by hand (see testSettings: CPU 0.04/core-hour, memory 0.005/GB-hour,
 * big-model 10 / 30 / 1 per million input / output / cached tokens, gpt-4o-mini input 0.15):
 *
 * payments-ledger (payments, default 1 × 0.5 CPU × 1 GB = 0.025/h), in the catalog from Nov 13:
 *   compute Nov 13 0.6 + Nov 14 0.6 + Nov 15 (12 h) 0.3 = 1.5
 *   get_payment 1000 calls (10 errors) on Nov 10; refund_payment 20 calls costing 10 on Nov 14
 * model-gateway (ml-platform, replicas=2,cpu=1,memory=2gb = 0.1/h), from Nov 14: compute 2.4 + 1.2
 *   classify_text 50 calls, 1M big-model input (10) on Nov 5
 *   summarize_text 100 calls, 2M in + 100k out + 1M cached big-model (20 + 3 + 1 = 24) on Nov 15
 *   1M gpt-4o-mini input without a tool (0.15) on Nov 15; 0.5M big-model input (5) on Oct 3
 * support-desk (customer-success, budget annotation 12): other cost 11 on Nov 15
 * orphan (no owner): other cost 2 on Nov 15
 */
async function seed(store: InsightsStore) {
  const ledger = {
    serverRef: LEDGER,
    name: 'payments-ledger',
    title: 'Payments ledger',
    teamRef: PAYMENTS,
  };
  const gateway = {
    serverRef: GATEWAY,
    name: 'model-gateway',
    teamRef: ML,
    resourcesAnnotation: 'replicas=2,cpu=1,memory=2gb',
  };
  await store.syncServers([ledger], at('2026-11-13T00:00:00Z'));
  await store.syncServers([ledger, gateway], at('2026-11-14T00:00:00Z'));
  await store.syncServers(
    [
      ledger,
      gateway,
      { serverRef: DESK, name: 'support-desk', teamRef: SUPPORT },
      { serverRef: ORPHAN, name: 'orphan', teamRef: 'unallocated' },
    ],
    NOW,
  );
  await store.syncTeams([
    { teamRef: ENGINEERING, title: 'Engineering' },
    { teamRef: PAYMENTS, title: 'Payments', parentRef: ENGINEERING },
    { teamRef: ML, title: 'ML platform', parentRef: ENGINEERING },
    { teamRef: SUPPORT, title: 'Customer success', budgetAnnotation: '12 USD' },
  ]);
  const big = (input: number, output: number, cached: number) => ({
    model: 'big-model',
    input,
    output,
    cached,
    cost: (input * 10 + output * 30 + cached * 1) / 1e6,
  });
  await store.recordUsage(
    [
      usage('2026-11-10T09:00:00Z', LEDGER, PAYMENTS, {
        toolName: 'get_payment',
        calls: 1000,
        errors: 10,
      }),
      usage('2026-11-14T09:00:00Z', LEDGER, PAYMENTS, {
        toolName: 'refund_payment',
        calls: 20,
        otherCost: 10,
      }),
      usage('2026-11-05T09:00:00Z', GATEWAY, ML, {
        toolName: 'classify_text',
        calls: 50,
        tokens: [big(1_000_000, 0, 0)],
      }),
      usage('2026-11-15T08:00:00Z', GATEWAY, ML, {
        toolName: 'summarize_text',
        calls: 100,
        tokens: [big(2_000_000, 100_000, 1_000_000)],
      }),
      usage('2026-11-15T09:00:00Z', GATEWAY, ML, {
        tokens: [
          {
            model: 'gpt-4o-mini',
            input: 1_000_000,
            output: 0,
            cached: 0,
            cost: 0.15,
          },
        ],
      }),
      usage('2026-10-03T09:00:00Z', GATEWAY, ML, {
        toolName: 'classify_text',
        calls: 10,
        tokens: [big(500_000, 0, 0)],
      }),
      usage('2026-11-15T10:00:00Z', DESK, SUPPORT, {
        toolName: 'create_ticket',
        calls: 5,
        otherCost: 11,
      }),
      usage('2026-11-15T10:00:00Z', ORPHAN, 'unallocated', { otherCost: 2 }),
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

describe('cost services', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function setup(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest(migrationConfig);
    const store = DatabaseInsightsStore.fromKnex(knex);
    const costModel = await seed(store);
    return createCostServices({
      store,
      costModel,
      alerts: testSettings().alerts,
      now: () => NOW,
    });
  }

  /**
   * The seed with budgets of servers: the ledger's annotation says 20, the gateway's config 40
   * (over its annotation's 1000), the orphan's annotation 1; the desk's annotation is malformed.
   */
  async function setupWithServerBudgets(
    databaseId: Parameters<typeof databases.init>[0],
  ) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest(migrationConfig);
    const store = DatabaseInsightsStore.fromKnex(knex);
    await seed(store);
    const byRef = new Map(
      (await store.listServers()).map(s => [s.serverRef, s]),
    );
    const annotations: Record<string, string> = {
      [LEDGER]: '20',
      [GATEWAY]: '1000 USD',
      [ORPHAN]: '1',
      [DESK]: 'plenty',
    };
    await store.syncServers(
      [...byRef.values()].map(
        ({ firstSeenAt, lastSeenAt, removedAt, ...snapshot }) => ({
          ...snapshot,
          budgetAnnotation: annotations[snapshot.serverRef],
        }),
      ),
      NOW,
    );
    const { cost } = TEST_INSIGHTS_CONFIG.mcpInsights;
    const settings = testSettings({
      cost: {
        ...cost,
        budgets: [...cost.budgets, { server: GATEWAY, monthly: 40 }],
      },
    });
    return createCostServices({
      store,
      costModel: new CostModel(settings.cost),
      alerts: settings.alerts,
      now: () => NOW,
    });
  }

  it.each(databases.eachSupportedId())(
    'computes spend, budget use, forecast and change per team as worked out by hand, on %p',
    async databaseId => {
      const costs = await setup(databaseId);
      const list = await costs.reports.teams();
      expect(list.period).toEqual({
        month: '2026-11',
        start: '2026-11-01',
        end: '2026-11-15',
        daysInMonth: 30,
        daysElapsed: 14.5,
        previousStart: '2026-10-01',
        previousEnd: '2026-10-15',
      });
      const team = (ref: string) => list.teams.find(t => t.team === ref)!;

      expect(team(PAYMENTS)).toMatchObject({
        parent: ENGINEERING,
        monthToDate: { compute: 1.5, llmTokens: 0, other: 10, total: 11.5 },
        previousPeriod: { total: 0 },
        changeRatio: null,
        monthlyBudget: 100,
        budgetSource: 'config',
        usedRatio: expect.closeTo(0.115, 9),
        // Spend since its first day (Nov 13): 11.5 in 2.5 days; 15.5 days left.
        forecast: expect.closeTo(11.5 + (11.5 / 2.5) * 15.5, 6),
        serverCount: 1,
        alertCount: 0,
      });
      expect(team(ML)).toMatchObject({
        monthToDate: { compute: 3.6, llmTokens: 34.15, other: 0, total: 37.75 },
        previousPeriod: { llmTokens: 5, total: 5 },
        changeRatio: expect.closeTo(6.55, 9),
        monthlyBudget: null,
        usedRatio: null,
        // Last 7 days (Nov 9 – now, 6.5 days): 27.75.
        forecast: expect.closeTo(37.75 + (27.75 / 6.5) * 15.5, 6),
      });
      expect(team(ENGINEERING)).toMatchObject({
        children: [ML, PAYMENTS],
        monthToDate: { total: 49.25 },
        previousPeriod: { total: 5 },
        changeRatio: expect.closeTo(8.85, 9),
        monthlyBudget: 1000,
        usedRatio: expect.closeTo(0.04925, 9),
        forecast: expect.closeTo(49.25 + (39.25 / 6.5) * 15.5, 6),
        serverCount: 2,
      });
      expect(team(SUPPORT)).toMatchObject({
        monthToDate: { other: 11, total: 11 },
        monthlyBudget: 12,
        budgetSource: 'annotation',
        usedRatio: expect.closeTo(11 / 12, 9),
        forecast: expect.closeTo(11 + 22 * 15.5, 6),
        alertCount: 2,
      });
      expect(team('unallocated')).toMatchObject({
        monthToDate: { other: 2, total: 2 },
        serverCount: 1,
      });
      expect(list.total).toEqual({
        compute: 5.1,
        llmTokens: 34.15,
        other: 23,
        total: 62.25,
      });
      expect(list.teams.map(t => t.team)).toEqual([
        ENGINEERING,
        ML,
        PAYMENTS,
        SUPPORT,
        'unallocated',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'drills down to servers and tools with cost per 1000 calls and raises alerts, on %p',
    async databaseId => {
      const costs = await setup(databaseId);
      const report = (await costs.reports.teamReport(ENGINEERING))!;
      expect(report.servers.map(s => [s.serverRef, s.total, s.calls])).toEqual([
        [GATEWAY, 37.75, 150],
        [LEDGER, 11.5, 1020],
      ]);
      const gateway = report.servers[0];
      // Shared: compute 3.6 + tokens without a tool 0.15 = 3.75, split 100 : 50 by calls.
      expect(gateway.tools).toEqual([
        {
          tool: 'summarize_text',
          calls: 100,
          errors: 0,
          directCost: 24,
          sharedCost: 2.5,
          totalCost: 26.5,
          costPer1000Calls: 265,
        },
        {
          tool: 'classify_text',
          calls: 50,
          errors: 0,
          directCost: 10,
          sharedCost: 1.25,
          totalCost: 11.25,
          costPer1000Calls: 225,
        },
      ]);
      expect(report.servers[1].tools[0]).toMatchObject({
        tool: 'refund_payment',
        directCost: 10,
        sharedCost: expect.closeTo((1.5 * 20) / 1020, 6),
      });
      expect(report.daily).toHaveLength(15);
      expect(report.daily[14]).toEqual({
        date: '2026-11-15',
        compute: 1.5,
        llmTokens: 24.15,
        other: 0,
        total: 25.65,
      });
      expect(report.models).toEqual([
        {
          model: 'big-model',
          inputTokens: 3_000_000,
          outputTokens: 100_000,
          cachedTokens: 1_000_000,
          cost: 34,
        },
        {
          model: 'gpt-4o-mini',
          inputTokens: 1_000_000,
          outputTokens: 0,
          cachedTokens: 0,
          cost: 0.15,
        },
      ]);
      expect(report.childTeams.map(c => c.team)).toEqual([ML, PAYMENTS]);
      // Engineering's daily spend: Nov 14 13.0 against 0.6/7 before; Nov 15 25.65 against 13.6/7.
      expect(
        report.alerts.filter(a => a.kind === 'spend-spike' && !a.serverRef),
      ).toEqual([
        expect.objectContaining({
          date: '2026-11-14',
          value: expect.closeTo(13 / (0.6 / 7), 6),
        }),
        expect.objectContaining({
          date: '2026-11-15',
          value: expect.closeTo(25.65 / (13.6 / 7), 6),
        }),
      ]);
      // The gateway itself: Nov 15 25.35 against 2.4/7.
      expect(report.alerts.filter(a => a.serverRef === GATEWAY)).toEqual([
        expect.objectContaining({
          kind: 'spend-spike',
          date: '2026-11-15',
          value: expect.closeTo(25.35 / (2.4 / 7), 6),
        }),
      ]);

      const support = (await costs.reports.teamReport(SUPPORT))!;
      expect(support.alerts).toEqual([
        expect.objectContaining({
          kind: 'budget-threshold',
          threshold: 0.9,
          severity: 'warning',
        }),
        expect.objectContaining({
          kind: 'budget-forecast',
          value: expect.closeTo(352 / 12, 6),
        }),
      ]);
      expect(support.alerts[0].message).toBe(
        'Customer success has spent 92 % of its monthly budget (USD 11.00 of USD 12.00), past the 90 % threshold.',
      );
      expect(
        await costs.reports.teamReport('group:default/nobody'),
      ).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'answers the policy context, the server report and the CSV export, on %p',
    async databaseId => {
      const costs = await setup(databaseId);
      expect(await costs.budgets.team(PAYMENTS)).toEqual({
        team: PAYMENTS,
        currency: 'USD',
        monthlyBudget: 100,
        monthToDateSpend: 11.5,
        forecastSpend: 82.8,
        usedRatio: 0.115,
        overBudget: false,
      });
      expect(await costs.budgets.team('group:default/nobody')).toEqual({
        team: 'group:default/nobody',
        currency: 'USD',
        monthlyBudget: null,
        monthToDateSpend: 0,
        forecastSpend: 0,
        usedRatio: null,
        overBudget: false,
      });

      const server = (await costs.reports.serverReport(GATEWAY))!;
      expect(server.server).toMatchObject({
        total: 37.75,
        compute: 3.6,
        costPer1000Calls: expect.closeTo(37.75 / 0.15, 6),
      });
      expect(server.previousPeriod.total).toBe(5);
      expect(server.changeRatio).toBeCloseTo(6.55, 9);

      const csv = (await costs.csv.render(PAYMENTS, undefined, 'server'))!;
      expect(csv.split('\r\n')).toEqual([
        'date,team,server,tool,calls,errors,compute_cost,llm_token_cost,other_cost,total_cost,currency',
        `2026-11-10,${PAYMENTS},${LEDGER},*,1000,10,0,0,0,0,USD`,
        `2026-11-13,${PAYMENTS},${LEDGER},*,0,0,0.6,0,0,0.6,USD`,
        `2026-11-14,${PAYMENTS},${LEDGER},*,20,0,0.6,0,10,10.6,USD`,
        `2026-11-15,${PAYMENTS},${LEDGER},*,0,0,0.3,0,0,0.3,USD`,
        '',
      ]);
      const byTool = (await costs.csv.render(ML, undefined, 'tool'))!.split(
        '\r\n',
      );
      expect(byTool).toContain(
        `2026-11-15,${ML},${GATEWAY},summarize_text,100,0,0,24,0,24,USD`,
      );
      expect(byTool).toContain(
        `2026-11-15,${ML},${GATEWAY},(shared),0,0,1.2,0.15,0,1.35,USD`,
      );
    },
  );
  it.each(databases.eachSupportedId())(
    'answers as if the servers a caller may not see did not exist, on %p',
    async databaseId => {
      const costs = await setup(databaseId);
      const hide = (...refs: string[]) => ({
        refs: new Set(refs),
        has: (ref: string) => refs.includes(ref),
      });
      // Hiding nothing that exists takes the per-server path; it must agree with the per-team
      // table to the last figure.
      const nothing = hide('api:default/not-in-the-catalog');
      expect(await costs.reports.teams(undefined, nothing)).toEqual(
        await costs.reports.teams(),
      );
      expect(
        await costs.reports.teamReport(ENGINEERING, undefined, nothing),
      ).toEqual(await costs.reports.teamReport(ENGINEERING));

      // Without the model gateway, ML platform has spent nothing and engineering only the rest.
      const noGateway = hide(GATEWAY);
      const list = await costs.reports.teams(undefined, noGateway);
      // A team without spend, budget or servers is not listed.
      expect(list.teams.map(t => t.team)).not.toContain(ML);
      expect(
        await costs.reports.teamReport(ML, undefined, noGateway),
      ).toMatchObject({
        monthToDate: { total: 0 },
        previousPeriod: { total: 0 },
        forecast: 0,
        serverCount: 0,
        servers: [],
        models: [],
      });
      const engineering = (await costs.reports.teamReport(
        ENGINEERING,
        undefined,
        noGateway,
      ))!;
      expect(engineering.monthToDate).toEqual({
        compute: 1.5,
        llmTokens: 0,
        other: 10,
        total: 11.5,
      });
      expect(engineering.servers.map(s => s.serverRef)).toEqual([LEDGER]);
      expect(engineering.models).toEqual([]);
      expect(engineering.alerts.filter(a => a.serverRef === GATEWAY)).toEqual(
        [],
      );
      expect(list.total.total).toBeCloseTo(11.5 + 11 + 2, 6);
      expect(
        await costs.csv.render(undefined, undefined, 'tool', noGateway),
      ).not.toContain(GATEWAY);
      expect((await costs.budgets.team(ML, noGateway)).monthToDateSpend).toBe(
        0,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    "tracks servers' own budgets beside their teams': spend, forecast, state and alerts, on %p",
    async databaseId => {
      const costs = await setupWithServerBudgets(databaseId);
      const engineering = (await costs.reports.teamReport(ENGINEERING))!;
      const budgetOf = (ref: string) =>
        engineering.servers.find(s => s.serverRef === ref)!.budget;
      // Ledger: 11.5 of 20; since Nov 13 at 11.5 per 2.5 days, 82.8 by the month's end.
      expect(budgetOf(LEDGER)).toEqual({
        monthlyBudget: 20,
        source: 'annotation',
        monthToDate: 11.5,
        forecast: 82.8,
        usedRatio: expect.closeTo(0.575, 9),
        forecastRatio: expect.closeTo(4.14, 9),
        thresholdReached: null,
        state: 'forecast-over-budget',
      });
      // Gateway: config wins over the annotation; 37.75 of 40 is past the 90 % threshold.
      expect(budgetOf(GATEWAY)).toMatchObject({
        monthlyBudget: 40,
        source: 'config',
        monthToDate: 37.75,
        usedRatio: expect.closeTo(0.94375, 9),
        thresholdReached: 0.9,
        state: 'threshold-reached',
      });
      // The team's own budget still counts the servers' spend.
      expect(engineering.monthToDate.total).toBe(49.25);
      const serverBudgetAlerts = engineering.alerts.filter(
        a => a.serverRef && a.kind !== 'spend-spike',
      );
      expect(serverBudgetAlerts).toEqual([
        expect.objectContaining({
          kind: 'budget-threshold',
          serverRef: GATEWAY,
          team: ML,
          severity: 'warning',
          threshold: 0.9,
        }),
        expect.objectContaining({
          kind: 'budget-forecast',
          serverRef: GATEWAY,
        }),
        expect.objectContaining({
          kind: 'budget-forecast',
          serverRef: LEDGER,
          team: PAYMENTS,
          value: expect.closeTo(4.14, 9),
        }),
      ]);
      expect(serverBudgetAlerts[0].message).toBe(
        'model-gateway has spent 94 % of its monthly budget (USD 37.75 of USD 40.00), past the 90 % threshold.',
      );
      expect(serverBudgetAlerts[2].message).toBe(
        "At the last 7 days' pace Payments ledger will spend USD 82.80 this month, over its budget of USD 20.00.",
      );

      // The server's own report (its Cost tab) has the same figures and alerts.
      const orphan = (await costs.reports.serverReport(ORPHAN))!;
      expect(orphan.server.budget).toMatchObject({
        monthlyBudget: 1,
        monthToDate: 2,
        usedRatio: 2,
        thresholdReached: 1,
        state: 'over-budget',
      });
      expect(orphan.alerts).toEqual([
        expect.objectContaining({
          kind: 'budget-threshold',
          severity: 'critical',
          serverRef: ORPHAN,
          team: 'unallocated',
          message:
            'orphan has spent 200 % of its monthly budget (USD 2.00 of USD 1.00), past the 100 % threshold.',
        }),
      ]);
      // A malformed annotation is no budget.
      expect(
        (await costs.reports.serverReport(DESK))!.server.budget,
      ).toBeUndefined();

      // What policy rules read as context.serverBudget.
      expect(await costs.budgets.server(LEDGER)).toEqual({
        server: LEDGER,
        known: true,
        currency: 'USD',
        monthlyBudget: 20,
        monthToDateSpend: 11.5,
        forecastSpend: 82.8,
        usedRatio: expect.closeTo(0.575, 9),
        forecastRatio: expect.closeTo(4.14, 9),
        thresholdReached: null,
        state: 'forecast-over-budget',
      });
      expect(await costs.budgets.server(ORPHAN)).toMatchObject({
        usedRatio: 2,
        thresholdReached: 1,
        state: 'over-budget',
      });
      expect(await costs.budgets.server(DESK)).toMatchObject({
        known: true,
        monthlyBudget: null,
        monthToDateSpend: 11,
        usedRatio: null,
        state: 'no-budget',
      });
      expect(await costs.budgets.server('api:default/not-there')).toMatchObject(
        {
          known: false,
          monthlyBudget: null,
          state: 'no-budget',
        },
      );
      const hidden = {
        refs: new Set([LEDGER]),
        has: (r: string) => r === LEDGER,
      };
      expect(await costs.budgets.server(LEDGER, hidden)).toMatchObject({
        known: false,
        monthlyBudget: null,
        monthToDateSpend: 0,
      });
      // Hidden servers leave the team report, budget alerts included.
      expect(
        (await costs.reports.teamReport(
          ENGINEERING,
          undefined,
          hidden,
        ))!.alerts.filter(a => a.serverRef === LEDGER),
      ).toEqual([]);

      expect((await costs.pricing()).serverBudgets).toEqual([
        { server: GATEWAY, monthlyBudget: 40, source: 'config' },
        { server: ORPHAN, monthlyBudget: 1, source: 'annotation' },
        { server: LEDGER, monthlyBudget: 20, source: 'annotation' },
      ]);
    },
  );
});
