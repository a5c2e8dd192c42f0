import { TestDatabases } from '@backstage/backend-test-utils';
import {
  createPaymentsLedger,
  RunningExampleServer,
  startExampleServer,
} from '@mcp-platform/example-mcp-servers';
import { ExampleToolClient } from '@mcp-platform/example-mcp-servers';
import { Registry } from 'prom-client';
import { CostModel } from '../cost/CostModel';
import { DatabaseInsightsStore } from '../database/DatabaseInsightsStore';
import { migrationConfig } from '../database/migrations';
import { InsightsMetrics } from '../metrics/InsightsMetrics';
import {
  RunningPrometheus,
  startPrometheus,
  waitForQuery,
} from '../testing/startPrometheus';
import { testSettings } from '../testing/testSettings';
import { PROMETHEUS_TARGET, PrometheusSource } from './PrometheusSource';

jest.setTimeout(180_000);

const LEDGER = 'api:default/payments-ledger';

describe('PrometheusSource against a real Prometheus', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const settings = testSettings();

  it.each(databases.eachSupportedId())(
    'reads the counters Prometheus scraped from a real example server, across a restart, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest(migrationConfig);
      const store = DatabaseInsightsStore.fromKnex(knex);
      let ledger: RunningExampleServer = await startExampleServer(
        createPaymentsLedger(),
      );
      const hostPort = new URL(ledger.url).host;
      let prometheus: RunningPrometheus | undefined;
      let client = new ExampleToolClient(ledger.url);
      try {
        prometheus = await startPrometheus({ targets: [hostPort] });
        const source = new PrometheusSource({
          store,
          costModel: new CostModel(settings.cost),
          metrics: new InsightsMetrics(new Registry()),
          settings: {
            baseUrl: prometheus.baseUrl,
            serverLabel: 'server',
            backfillHours: 1,
            maxCatchUpHours: 24,
            headers: {},
            timeoutMs: 10_000,
            maxResponseBytes: 5 * 1024 * 1024,
            countExistingOnFirstScrape: true,
            fineRetentionMs: 8 * 3_600_000,
          },
        });
        const servers = [
          {
            serverRef: LEDGER,
            name: 'payments-ledger',
            teamRef: 'group:default/payments',
            firstSeenAt: 0,
            lastSeenAt: 0,
          },
        ];
        await store.syncServers(servers, 0);
        const beforeSeries = Date.now();
        for (let i = 0; i < 4; i++)
          await client.call('get_payment', { paymentId: 'pay_1001' });
        await client.call('get_payment', { paymentId: 'pay_9999' });
        await waitForQuery(
          prometheus.baseUrl,
          'sum(mcp_tool_invocations_total{server="payments-ledger"})',
          v => v === 5,
        );
        await source.collect(servers, Date.now());
        // Its series show it runs: from its earliest sample in Prometheus on.
        const [running] = await store.listServers();
        expect(running.aliveSince).toBeGreaterThan(beforeSeries - 60_000);
        expect(running.aliveSince).toBeLessThanOrEqual(Date.now());

        // Restart: the counters drop to zero and climb again.
        await client.close();
        await ledger.close();
        await waitForQuery(
          prometheus.baseUrl,
          'up{job="mcp-servers"}',
          v => v === 0,
        );
        ledger = await startExampleServer(createPaymentsLedger(), {
          port: Number(hostPort.split(':')[1]),
        });
        await new Promise(r => setTimeout(r, 300));
        client = new ExampleToolClient(ledger.url);
        await client.call('get_payment', { paymentId: 'pay_1002' });
        await client.call('get_account_balance', { accountId: 'acc_101' });
        await waitForQuery(
          prometheus.baseUrl,
          'sum(mcp_tool_invocations_total{server="payments-ledger"})',
          v => v === 2,
        );
        await source.collect(servers, Date.now());
        // A collection with nothing new adds nothing.
        await source.collect(servers, Date.now());

        const rows = await store.sumUsage({
          table: 'usage_hourly',
          from: 0,
          tools: 'each',
          groupBy: ['tool'],
        });
        expect(
          rows
            .map(r => ({
              tool: r.toolName,
              calls: r.calls,
              errors: r.errors,
              timed: r.latency[r.latency.length - 1],
            }))
            .sort((a, b) => a.tool!.localeCompare(b.tool!)),
        ).toEqual([
          { tool: 'get_account_balance', calls: 1, errors: 0, timed: 1 },
          { tool: 'get_payment', calls: 6, errors: 1, timed: 6 },
        ]);
        expect((await store.listTargets())[0]).toMatchObject({
          target: PROMETHEUS_TARGET,
          consecutiveFailures: 0,
        });

        // Prometheus goes away: the failure is recorded, nothing is counted, the watermark stays.
        await prometheus.stop();
        prometheus = undefined;
        await expect(source.collect(servers, Date.now())).rejects.toThrow(
          /Prometheus at http:\/\/127.0.0.1:\d+: cannot reach/,
        );
        expect((await store.listTargets())[0]).toMatchObject({
          target: PROMETHEUS_TARGET,
          consecutiveFailures: 1,
        });
        const [all] = await store.sumUsage({
          table: 'usage_daily',
          from: 0,
          tools: 'all',
          groupBy: [],
        });
        expect(all.calls).toBe(7);
      } finally {
        await client.close();
        await ledger.close();
        await prometheus?.stop();
      }
    },
  );
});
