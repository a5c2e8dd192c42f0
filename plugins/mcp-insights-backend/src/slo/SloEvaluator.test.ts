import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseInsightsStore } from '../database/DatabaseInsightsStore';
import { migrationConfig } from '../database/migrations';
import { emptyLatency, latencyOfCall } from '../rollups/latencyBuckets';
import { UsageIncrement } from '../rollups/UsageIncrement';
import { testSettings } from '../testing/testSettings';
import { SloEvaluator } from './SloEvaluator';

jest.setTimeout(60_000);

const at = (iso: string) => Date.parse(iso);
const NOW = at('2026-11-15T12:02:30Z');
const LEDGER = 'api:default/payments-ledger';

/** `calls` calls of `tool`, `errors` failed, `slow` of them at 3 s and the rest at 100 ms. */
function calls(
  iso: string,
  tool: string,
  count: number,
  errors: number,
  slow = 0,
): UsageIncrement {
  const latency = emptyLatency();
  latencyOfCall(100).forEach((v, i) => {
    latency[i] += v * (count - slow);
  });
  latencyOfCall(3000).forEach((v, i) => {
    latency[i] += v * slow;
  });
  return {
    timestampMs: at(iso),
    serverRef: LEDGER,
    teamRef: 'group:default/payments',
    toolName: tool,
    calls: count,
    errors,
    durationSumMs: 0,
    latency,
    otherCost: 0,
  };
}

/*
 * The known series, with a 7-day window ending at 2026-11-15 12:02:30 (it starts at Nov 8 12:00):
 *   Nov 8 06:00   1 000 calls, 500 errors         — before the window: ignored
 *   Nov 8 18:00  10 000 calls,   5 errors         — first, partial day (hourly rollups)
 *   Nov 10 12:00 20 000 calls,   5 errors, 500 at 3 s (whole days: daily rollups)
 *   Nov 14 10:00    200 refund_payment calls, 4 errors
 *   Nov 15 11:30  1 000 calls,   5 errors
 *   Nov 15 12:01    100 calls,  10 errors        — the current 5-minute bucket
 * Totals: 31 300 calls, 29 errors, 500 slow.
 */
const series = [
  calls('2026-11-08T06:00:00Z', 'get_payment', 1000, 500),
  calls('2026-11-08T18:00:00Z', 'get_payment', 10_000, 5),
  calls('2026-11-10T12:00:00Z', 'get_payment', 20_000, 5, 500),
  calls('2026-11-14T10:00:00Z', 'refund_payment', 200, 4),
  calls('2026-11-15T11:30:00Z', 'get_payment', 1000, 5),
  calls('2026-11-15T12:01:00Z', 'get_payment', 100, 10),
];

describe('SloEvaluator', () => {
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
          sloAnnotation: 'availability=99.9,latency-p95=2000ms,window=7d',
        },
        {
          serverRef: 'api:default/support-desk',
          name: 'support-desk',
          teamRef: 'group:default/support',
        },
        {
          serverRef: 'api:default/quiet',
          name: 'quiet',
          teamRef: 'group:default/support',
          sloAnnotation: 'availability=99',
        },
        {
          serverRef: 'api:default/broken-slo',
          name: 'broken-slo',
          teamRef: 'group:default/support',
          sloAnnotation: 'uptime=99',
        },
      ],
      NOW,
    );
    await store.recordUsage(series, 0);
    return new SloEvaluator({
      store,
      settings: testSettings({
        slo: {
          objectives: [
            {
              server: LEDGER,
              tool: 'refund_payment',
              objectives: 'availability=99',
            },
          ],
        },
      }).slo,
      now: () => NOW,
    });
  }

  it.each(databases.eachSupportedId())(
    'computes SLIs, error budgets and burn rates of a known series, on %p',
    async databaseId => {
      const evaluator = await setup(databaseId);
      const list = await evaluator.list();
      expect(list.counts).toEqual({ page: 1, ticket: 0, ok: 1, noSlo: 2 });
      expect(list.items.map(i => i.name)).toEqual([
        'payments-ledger',
        'broken-slo',
        'quiet',
        'support-desk',
      ]);
      expect(
        list.items.find(i => i.name === 'broken-slo')!.definitionError,
      ).toMatch(/Unknown SLO key "uptime"/);
      expect(list.items.find(i => i.name === 'quiet')).toMatchObject({
        errorBudgetRemaining: null,
        status: 'ok',
        calls: 0,
      });

      const ledger = list.items[0];
      expect(ledger).toMatchObject({
        status: 'page',
        calls: 31_300,
        source: 'annotation',
      });
      const [availability, latency] = ledger.objectives;
      expect(availability).toMatchObject({
        id: 'availability',
        totalEvents: 31_300,
        badEvents: 29,
        sli: expect.closeTo(1 - 29 / 31_300, 12),
        // 29 errors of the 31.3 allowed (0.1 % of 31 300).
        errorBudgetRemaining: expect.closeTo(1 - 29 / 31.3, 9),
        // Last hour: 15 errors in 1 100 calls, against 0.1 %.
        currentBurnRate: expect.closeTo(15 / 1100 / 0.001, 9),
        timeToExhaustionHours: expect.closeTo(
          ((1 - 29 / 31.3) * 168) / (15 / 1100 / 0.001),
          9,
        ),
        status: 'page',
      });
      const rates = Object.fromEntries(
        availability.burnRates.map(b => [
          `${b.longWindow}/${b.shortWindow}`,
          b,
        ]),
      );
      expect(rates['1h/5m']).toMatchObject({
        longBurnRate: expect.closeTo(13.6364, 3),
        shortBurnRate: expect.closeTo(100, 9),
        firing: false,
      });
      expect(rates['6h/30m']).toMatchObject({
        longBurnRate: expect.closeTo(13.6364, 3),
        firing: true,
      });
      expect(rates['1d/2h']).toMatchObject({
        longBurnRate: expect.closeTo(13.6364, 3),
        firing: true,
      });
      // 3 days back include the refunds: 19 errors in 1 300 calls.
      expect(rates['3d/6h'].longBurnRate).toBeCloseTo(19 / 1300 / 0.001, 9);
      expect(latency).toMatchObject({
        id: 'latency-p95',
        thresholdMs: 2000,
        totalEvents: 31_300,
        badEvents: 500,
        errorBudgetRemaining: expect.closeTo(1 - 500 / 1565, 9),
        // Rank 29 735 of 30 800 calls in (50, 100] ms.
        observedLatencyMs: expect.closeTo(
          50 + (50 * (0.95 * 31_300)) / 30_800,
          9,
        ),
        status: 'ok',
      });
      expect(ledger.errorBudgetRemaining).toBeCloseTo(1 - 29 / 31.3, 9);
    },
  );

  it.each(databases.eachSupportedId())(
    'gives each tool its SLO and draws the budget burn-down, on %p',
    async databaseId => {
      const evaluator = await setup(databaseId);
      const detail = (await evaluator.detail(LEDGER))!;
      expect(
        detail.tools.map(t => [
          t.tool,
          t.source,
          t.calls,
          t.errorBudgetRemaining,
        ]),
      ).toEqual([
        // 4 errors against 2 allowed (1 % of 200): exhausted.
        ['refund_payment', 'config', 200, 0],
        ['get_payment', 'annotation', 31_100, expect.closeTo(1 - 25 / 31.1, 9)],
      ]);
      const burnDown = detail.objectives[0].burnDown;
      expect(burnDown).toHaveLength(169);
      expect(burnDown[0]).toEqual({
        timestamp: '2026-11-08T13:00:00.000Z',
        remaining: 1,
        ideal: expect.closeTo(1 - 1 / 168, 9),
      });
      expect(burnDown[6].remaining).toBeCloseTo(1 - 5 / 31.3, 9);
      expect(burnDown[168]).toMatchObject({
        timestamp: '2026-11-15T12:02:30.000Z',
        remaining: expect.closeTo(1 - 29 / 31.3, 9),
      });
      expect(await evaluator.detail('api:default/nope')).toBeUndefined();
      expect(await evaluator.policyContext(LEDGER)).toEqual({
        server: LEDGER,
        known: true,
        errorBudgetRemaining: expect.closeTo(1 - 29 / 31.3, 9),
      });
      expect(await evaluator.policyContext('api:default/nope')).toEqual({
        server: 'api:default/nope',
        known: false,
        errorBudgetRemaining: null,
      });
    },
  );
});
