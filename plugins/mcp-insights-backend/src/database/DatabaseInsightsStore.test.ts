import { TestDatabases } from '@backstage/backend-test-utils';
import { ComputeCostAccrual } from '../cost/ComputeCostAccrual';
import { CostModel } from '../cost/CostModel';
import { testSettings } from '../testing/testSettings';
import { latencyOfCall } from '../rollups/latencyBuckets';
import { UsageIncrement } from '../rollups/UsageIncrement';
import { DatabaseInsightsStore } from './DatabaseInsightsStore';
import { migrationConfig } from './migrations';

jest.setTimeout(60_000);

const HOUR_MS = 3_600_000;
const T0 = Date.UTC(2026, 10, 15, 10, 0, 0);

function call(
  overrides: Partial<UsageIncrement> & { durationMs?: number } = {},
): UsageIncrement {
  const { durationMs = 100, ...rest } = overrides;
  return {
    timestampMs: T0,
    serverRef: 'api:default/payments-ledger',
    teamRef: 'group:default/payments',
    toolName: 'get_payment',
    calls: 1,
    errors: 0,
    durationSumMs: durationMs,
    latency: latencyOfCall(durationMs),
    otherCost: 0,
    ...rest,
  };
}

describe('DatabaseInsightsStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest(migrationConfig);
    return { knex, store: DatabaseInsightsStore.fromKnex(knex) };
  }

  it.each(databases.eachSupportedId())(
    'adds increments into 5-minute, hourly and daily rollups, per tool and all tools, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.recordUsage(
        [
          call(),
          call({ errors: 1, durationMs: 2500 }),
          call({ toolName: 'refund_payment', timestampMs: T0 + HOUR_MS }),
          call({
            toolName: undefined,
            calls: 0,
            latency: undefined,
            durationSumMs: 0,
            tokens: [
              {
                model: 'gpt-4o-mini',
                input: 1000,
                output: 100,
                cached: 0,
                cost: 0.5,
              },
            ],
          }),
        ],
        T0 - HOUR_MS,
      );
      // A second write to the same rows adds to them.
      await store.recordUsage([call()], T0 - HOUR_MS);

      const hourly = await store.sumUsage({
        table: 'usage_hourly',
        from: T0 / 1000,
        tools: 'each',
        groupBy: ['tool', 'ts'],
      });
      expect(
        hourly.map(r => [r.toolName, r.ts, r.calls, r.errors]).sort(),
      ).toEqual([
        ['get_payment', T0 / 1000, 3, 1],
        ['refund_payment', T0 / 1000 + 3600, 1, 0],
      ]);
      const [all] = await store.sumUsage({
        table: 'usage_daily',
        from: T0 / 1000 - 36000,
        tools: 'all',
        groupBy: ['server'],
      });
      expect(all).toMatchObject({ calls: 4, errors: 1, tokenCost: 0.5 });
      // Latency: three calls at 100 ms and one at 2.5 s, cumulative.
      expect(all.latency[6]).toBe(3); // le_500
      expect(all.latency[9]).toBe(3); // le_2000
      expect(all.latency[10]).toBe(4); // le_2500
      expect(all.latency[15]).toBe(4); // le_inf
      const fine = await store.sumUsage({
        table: 'usage_5m',
        from: 0,
        tools: 'all',
        groupBy: [],
        bands: [T0 / 1000 + 3600, T0 / 1000],
      });
      expect(fine.map(r => [r.band, r.calls]).sort()).toEqual([
        [0, 1],
        [1, 3],
      ]);
      const tokens = await store.sumTokens({
        fromDay: 0,
        toDay: T0 / 1000 + 86400,
        groupBy: ['model'],
      });
      expect(tokens).toEqual([
        expect.objectContaining({
          model: 'gpt-4o-mini',
          inputTokens: 1000,
          outputTokens: 100,
          cost: 0.5,
        }),
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'stages pushed events once per id and folds the batches into the rollups, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const first = await store.stageEvents(
        [
          { id: 'e2', increment: call() },
          { id: 'e1', increment: call({ errors: 1 }) },
        ],
        T0,
      );
      const second = await store.stageEvents(
        [
          { id: 'e2', increment: call() },
          {
            id: 'e3',
            increment: call({ toolName: 'refund_payment', otherCost: 0.5 }),
          },
        ],
        T0,
      );
      expect([...first].sort()).toEqual(['e1', 'e2']);
      expect([...second]).toEqual(['e3']);
      // A batch of only known ids stages nothing.
      expect(
        (await store.stageEvents([{ id: 'e1', increment: call() }], T0)).size,
      ).toBe(0);
      expect(await store.pendingUsage()).toEqual({ batches: 2, events: 3 });
      expect(
        await store.sumUsage({
          table: 'usage_hourly',
          from: 0,
          tools: 'all',
          groupBy: [],
        }),
      ).toEqual([expect.objectContaining({ calls: 0 })]);

      expect(await store.foldPending(1, T0 - HOUR_MS)).toEqual({
        batches: 1,
        events: 2,
      });
      expect(await store.foldPending(10, T0 - HOUR_MS)).toEqual({
        batches: 1,
        events: 1,
      });
      expect(await store.foldPending(10, T0 - HOUR_MS)).toEqual({
        batches: 0,
        events: 0,
      });
      expect(await store.pendingUsage()).toEqual({ batches: 0, events: 0 });
      const rows = await store.sumUsage({
        table: 'usage_daily',
        from: 0,
        tools: 'each',
        groupBy: ['tool'],
      });
      expect(
        rows.map(r => [r.toolName, r.calls, r.errors, r.otherCost]).sort(),
      ).toEqual([
        ['get_payment', 2, 1, 0],
        ['refund_payment', 1, 0, 0.5],
      ]);
      const [fine] = await store.sumUsage({
        table: 'usage_5m',
        from: 0,
        tools: 'all',
        groupBy: [],
      });
      expect(fine.calls).toBe(3);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps first sight of servers, marks removed ones and deletes old rows on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const ledger = {
        serverRef: 'api:default/payments-ledger',
        name: 'payments-ledger',
        teamRef: 'group:default/payments',
      };
      const desk = {
        serverRef: 'api:default/support-desk',
        name: 'support-desk',
        teamRef: 'unallocated',
      };
      await store.syncServers([ledger, desk], T0);
      await store.syncServers([{ ...ledger, title: 'Ledger' }], T0 + HOUR_MS);
      expect(await store.listServers()).toEqual([
        expect.objectContaining({
          ...ledger,
          title: 'Ledger',
          firstSeenAt: T0,
          lastSeenAt: T0 + HOUR_MS,
        }),
      ]);
      expect(
        (await store.listServers({ includeRemoved: true })).find(
          s => s.name === 'support-desk',
        ),
      ).toMatchObject({ removedAt: T0 + HOUR_MS });

      await store.recordUsage(
        [call(), call({ timestampMs: T0 - 40 * 86400_000 })],
        0,
      );
      const deleted = await store.applyRetention({
        fiveMinute: T0 / 1000 - 8 * 3600,
        hourly: T0 / 1000 - 30 * 86400,
        daily: T0 / 1000 - 400 * 86400,
        eventIds: T0 / 1000,
      });
      expect(deleted).toBeGreaterThan(0);
      const hourly = await store.sumUsage({
        table: 'usage_hourly',
        from: 0,
        tools: 'all',
        groupBy: [],
      });
      const daily = await store.sumUsage({
        table: 'usage_daily',
        from: 0,
        tools: 'all',
        groupBy: [],
      });
      expect(hourly[0].calls).toBe(1);
      expect(daily[0].calls).toBe(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'charges no compute cost for a server until it is known to run, then from that moment, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const accrual = new ComputeCostAccrual({
        store,
        costModel: new CostModel(testSettings().cost),
      });
      const fresh = {
        serverRef: 'api:default/fresh',
        name: 'fresh',
        teamRef: 'group:default/payments',
      };
      // Registered at T0 (from the template, say), not deployed.
      await store.syncServers([fresh], T0);
      expect(await accrual.accrue(T0 + 5 * HOUR_MS)).toEqual([]);
      expect(
        await store.sumCompute({ fromDay: 0, toDay: 1e10, groupBy: [] }),
      ).toEqual([expect.objectContaining({ hours: 0, cost: 0 })]);

      // First answer at T0 + 2 h: costed from then, not from registration.
      const [marked] = await store.markServersAlive([
        { serverRef: fresh.serverRef, atMs: T0 + 2 * HOUR_MS },
      ]);
      expect(marked).toMatchObject({ aliveSince: T0 + 2 * HOUR_MS });
      const rows = await accrual.accrue(T0 + 5 * HOUR_MS);
      expect(rows).toHaveLength(1);
      expect(rows[0].hours).toBeCloseTo(3, 9);

      // A later sign of life moves nothing; an earlier one moves it back.
      expect(
        await store.markServersAlive([
          { serverRef: fresh.serverRef, atMs: T0 + 4 * HOUR_MS },
        ]),
      ).toEqual([]);
      expect(
        await store.markServersAlive([
          { serverRef: fresh.serverRef, atMs: T0 + HOUR_MS },
        ]),
      ).toEqual([expect.objectContaining({ aliveSince: T0 + HOUR_MS })]);
    },
  );

  it.each(databases.eachSupportedId())(
    'lets one claim of an alert transition win, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const key = 'budget:group:default/payments:2026-11';
      const claim = (from: string | undefined, to: string) =>
        store.claimAlertTransition({
          key,
          from,
          to,
          teamRef: 'group:default/payments',
          atMs: T0,
        });
      // Two replicas see the alert for the first time: one inserts it.
      expect(
        await Promise.all([claim(undefined, '0.8'), claim(undefined, '0.8')]),
      ).toEqual(expect.arrayContaining([true, false]));
      // Two move it on from the same state: one update matches.
      const moves = await Promise.all([claim('0.8', '1'), claim('0.8', '1')]);
      expect(moves.filter(Boolean)).toHaveLength(1);
      expect(await claim('0.8', '1')).toBe(false);
      expect((await store.listAlertStates()).get(key)).toMatchObject({
        state: '1',
        teamRef: 'group:default/payments',
        changedAt: T0,
      });
      expect(await store.pruneAlertStates(T0 + 1, new Set([key]))).toBe(0);
      expect(await store.pruneAlertStates(T0 + 1, new Set())).toBe(1);
      expect((await store.listAlertStates()).size).toBe(0);
    },
  );

  it.each(databases.eachSupportedId())(
    'finds one server by ref, removed from the catalog or not, on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const ledger = {
        serverRef: 'api:default/payments-ledger',
        name: 'payments-ledger',
        teamRef: 'group:default/payments',
        budgetAnnotation: '20 USD',
      };
      const desk = {
        serverRef: 'api:default/support-desk',
        name: 'support-desk',
        teamRef: 'unallocated',
      };
      await store.syncServers([ledger, desk], T0);
      await store.syncServers([desk], T0 + HOUR_MS);
      expect(await store.getServer(ledger.serverRef)).toEqual({
        ...ledger,
        title: undefined,
        sloAnnotation: undefined,
        resourcesAnnotation: undefined,
        metricsUrl: undefined,
        aliveSince: undefined,
        firstSeenAt: T0,
        lastSeenAt: T0,
        removedAt: T0 + HOUR_MS,
      });
      expect(await store.getServer(desk.serverRef)).toEqual(
        (await store.listServers()).find(s => s.serverRef === desk.serverRef),
      );
      expect(await store.getServer('api:default/never-seen')).toBeUndefined();
    },
  );
});
