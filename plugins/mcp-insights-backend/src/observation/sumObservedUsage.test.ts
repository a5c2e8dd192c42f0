import { TestDatabases } from '@backstage/backend-test-utils';
import { UNALLOCATED_TEAM } from '@mcp-platform/plugin-mcp-insights-common';
import { DatabaseInsightsStore } from '../database/DatabaseInsightsStore';
import { migrationConfig } from '../database/migrations';
import { latencyOfCall } from '../rollups/latencyBuckets';
import { UsageIncrement } from '../rollups/UsageIncrement';
import { sumObservedUsage } from './sumObservedUsage';

jest.setTimeout(60_000);

const at = (iso: string) => Date.parse(iso);
const seconds = (iso: string) => at(iso) / 1000;
const LEDGER = 'api:default/payments-ledger';
const DESK = 'api:default/support-desk';
const PAYMENTS = 'group:default/payments';

function calls(
  iso: string,
  serverRef: string,
  tool: string,
  count: number,
  errors: number,
  latencyMs: number,
  consumer?: string,
): UsageIncrement {
  return {
    timestampMs: at(iso),
    serverRef,
    teamRef: PAYMENTS,
    toolName: tool,
    calls: count,
    errors,
    durationSumMs: latencyMs * count,
    latency: latencyOfCall(latencyMs).map(v => v * count),
    otherCost: tool === 'refund_payment' ? 0.5 : 0,
    gateway: consumer
      ? {
          consumerTeamRef: consumer,
          requestBytes: 0,
          responseBytes: 0,
          estimatedInputTokens: 0,
          estimatedOutputTokens: 0,
        }
      : undefined,
  };
}

/*
 * 5-minute buckets of payments-ledger on Nov 15:
 *   10:00  its metrics: 20 get_payment (fast), 4 refund_payment (other cost 0.5 each record)
 *          the gateway: the same 20 get_payment, 3 failed, slow (2 s)
 *   10:05  its metrics only: 7 get_payment
 *   10:10  the gateway only: 5 refund_payment, 1 failed
 * support-desk: its metrics only, 10:00: 9 calls
 */
const usage = [
  calls('2026-11-15T10:01:00Z', LEDGER, 'get_payment', 20, 0, 40),
  calls('2026-11-15T10:02:00Z', LEDGER, 'refund_payment', 4, 0, 40),
  calls(
    '2026-11-15T10:01:00Z',
    LEDGER,
    'get_payment',
    20,
    3,
    2000,
    'group:default/analytics',
  ),
  calls('2026-11-15T10:06:00Z', LEDGER, 'get_payment', 7, 0, 40),
  calls(
    '2026-11-15T10:11:00Z',
    LEDGER,
    'refund_payment',
    5,
    1,
    40,
    UNALLOCATED_TEAM,
  ),
  calls('2026-11-15T10:01:00Z', DESK, 'create_ticket', 9, 0, 40),
];

describe('sumObservedUsage', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function setup(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest(migrationConfig);
    const store = DatabaseInsightsStore.fromKnex(knex);
    await store.recordUsage(usage, 0);
    return store;
  }

  it.each(databases.eachSupportedId())(
    "takes a bucket's calls from the gateway when it relayed any, else from the server, on %p",
    async databaseId => {
      const store = await setup(databaseId);
      const base = {
        table: 'usage_5m',
        from: seconds('2026-11-15T10:00:00Z'),
        tools: 'all',
      } as const;

      const perBucket = await sumObservedUsage(store, {
        ...base,
        serverRefs: [LEDGER],
        groupBy: ['ts'],
      });
      expect(
        perBucket
          .sort((a, b) => a.ts! - b.ts!)
          .map(r => [r.ts, r.calls, r.errors, r.latency[5], r.latency[15]]),
      ).toEqual([
        // The gateway's 20 (the metrics' 24 left out): 3 failed, none under 250 ms.
        [seconds('2026-11-15T10:00:00Z'), 20, 3, 0, 20],
        [seconds('2026-11-15T10:05:00Z'), 7, 0, 7, 7],
        [seconds('2026-11-15T10:10:00Z'), 5, 1, 5, 5],
      ]);

      // Per tool: in a relayed bucket a tool the gateway did not relay has no calls.
      const perTool = await sumObservedUsage(store, {
        ...base,
        tools: 'each',
        serverRefs: [LEDGER],
        groupBy: ['tool'],
      });
      expect(
        perTool
          .map(r => [r.toolName, r.calls, r.errors])
          .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      ).toEqual([
        ['get_payment', 27, 3],
        ['refund_payment', 5, 1],
      ]);

      // Bands (newest first), as burn-rate windows read them; servers without gateway calls
      // are as they were.
      const banded = await sumObservedUsage(store, {
        ...base,
        groupBy: ['server'],
        bands: [
          seconds('2026-11-15T10:05:00Z'),
          seconds('2026-11-15T10:00:00Z'),
        ],
      });
      const band = (server: string, i: number) =>
        banded.find(r => r.serverRef === server && r.band === i);
      expect(band(LEDGER, 0)).toMatchObject({ calls: 12, errors: 1 });
      expect(band(LEDGER, 1)).toMatchObject({ calls: 20, errors: 3 });
      expect(band(DESK, 1)).toMatchObject({ calls: 9, errors: 0 });
      expect(band(DESK, 0)).toBeUndefined();

      // Spend stays the server's own: the daily rows keep their costs in relayed buckets.
      const [daily] = await sumObservedUsage(store, {
        table: 'usage_daily',
        from: seconds('2026-11-15T00:00:00Z'),
        serverRefs: [LEDGER],
        tools: 'all',
        groupBy: [],
        measures: 'cost',
      });
      expect(daily).toMatchObject({ calls: 25, errors: 4, otherCost: 0.5 });
      expect(daily.latency).toEqual([]);
    },
  );
});
