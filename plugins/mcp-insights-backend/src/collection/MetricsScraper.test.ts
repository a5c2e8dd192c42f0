import { TestDatabases } from '@backstage/backend-test-utils';
import {
  createModelGateway,
  createPaymentsLedger,
  estimateTokens,
  RunningExampleServer,
  startExampleServer,
  ToolMetrics,
} from '@mcp-platform/example-mcp-servers';
import { ExampleToolClient } from '@mcp-platform/example-mcp-servers';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { CostModel } from '../cost/CostModel';
import { DatabaseInsightsStore } from '../database/DatabaseInsightsStore';
import { ServerSnapshot } from '../database/InsightsStore';
import { migrationConfig } from '../database/migrations';
import { InsightsMetrics } from '../metrics/InsightsMetrics';
import { testSettings } from '../testing/testSettings';
import { MetricsScraper } from './MetricsScraper';

jest.setTimeout(120_000);

const LEDGER = 'api:default/payments-ledger';
const GATEWAY = 'api:default/model-gateway';

describe('MetricsScraper', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const settings = testSettings();
  const costModel = new CostModel(settings.cost);
  let broken: http.Server;
  let brokenBase: string;
  let closedPort: number;

  beforeAll(async () => {
    // /missing answers 404, /garbage answers text that is not the exposition format.
    broken = http.createServer((req, res) => {
      if (req.url === '/garbage') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(
          'mcp_tool_invocations_total{tool_name="x"} 1\nthis is { not metrics\n',
        );
      } else res.writeHead(404).end('not found');
    });
    await new Promise<void>(r => broken.listen(0, '127.0.0.1', r));
    brokenBase = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
    // A port nothing listens on.
    const probe = http.createServer();
    await new Promise<void>(r => probe.listen(0, '127.0.0.1', r));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise(r => probe.close(r));
  });
  afterAll(async () => {
    broken.closeAllConnections();
    await new Promise(r => broken.close(r));
  });

  async function setup(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest(migrationConfig);
    const store = DatabaseInsightsStore.fromKnex(knex);
    const scraper = new MetricsScraper({
      store,
      costModel,
      metrics: new InsightsMetrics(new Registry()),
      settings: { ...settings.collection, fineRetentionMs: 8 * 3_600_000 },
    });
    return { store, scraper };
  }

  const server = (s: ServerSnapshot) => ({
    ...s,
    firstSeenAt: 0,
    lastSeenAt: 0,
  });

  it.each(databases.eachSupportedId())(
    'turns the counters of a real example server into rollups across a restart, on %p',
    async databaseId => {
      const { store, scraper } = await setup(databaseId);
      let ledger: RunningExampleServer = await startExampleServer(
        createPaymentsLedger(),
      );
      const port = Number(new URL(ledger.url).port);
      const record = server({
        serverRef: LEDGER,
        name: 'payments-ledger',
        teamRef: 'group:default/payments',
        metricsUrl: ledger.metricsUrl,
      });
      let client = new ExampleToolClient(ledger.url);
      try {
        for (let i = 0; i < 3; i++)
          await client.call('get_payment', { paymentId: 'pay_1001' });
        expect(
          await client.call('get_payment', { paymentId: 'pay_9999' }),
        ).toEqual({ isError: true });
        const t0 = Date.now();
        expect(await scraper.scrape(record, t0)).toMatchObject({
          ok: true,
          reset: false,
        });

        await client.call('get_account_balance', { accountId: 'acc_101' });
        await client.call('get_payment', { paymentId: 'pay_1002' });
        expect(await scraper.scrape(record, t0 + 1000)).toMatchObject({
          ok: true,
          reset: false,
        });

        // The server restarts: its counters start again from zero.
        await client.close();
        await ledger.close();
        ledger = await startExampleServer(createPaymentsLedger(), { port });
        // Let the HTTP client notice that the old server closed its kept-alive sockets.
        await new Promise(r => setTimeout(r, 300));
        client = new ExampleToolClient(ledger.url);
        await client.call('get_payment', { paymentId: 'pay_1003' });
        await client.call('get_payment', { paymentId: 'pay_0000' });
        expect(await scraper.scrape(record, t0 + 2000)).toMatchObject({
          ok: true,
          reset: true,
        });
        // Nothing new: nothing added.
        expect(await scraper.scrape(record, t0 + 3000)).toMatchObject({
          ok: true,
          reset: false,
        });

        const perTool = await store.sumUsage({
          table: 'usage_hourly',
          from: 0,
          tools: 'each',
          groupBy: ['tool', 'team'],
        });
        expect(
          perTool
            .map(r => ({
              tool: r.toolName,
              team: r.teamRef,
              calls: r.calls,
              errors: r.errors,
              timed: r.latency[r.latency.length - 1],
            }))
            .sort((a, b) => a.tool!.localeCompare(b.tool!)),
        ).toEqual([
          {
            tool: 'get_account_balance',
            team: 'group:default/payments',
            calls: 1,
            errors: 0,
            timed: 1,
          },
          {
            tool: 'get_payment',
            team: 'group:default/payments',
            calls: 7,
            errors: 2,
            timed: 7,
          },
        ]);
        const [all] = await store.sumUsage({
          table: 'usage_daily',
          from: 0,
          tools: 'all',
          groupBy: [],
        });
        expect(all).toMatchObject({ calls: 8, errors: 2 });
        // In-memory tools answer within 500 ms.
        expect(all.latency[6]).toBe(8);
        const [fine] = await store.sumUsage({
          table: 'usage_5m',
          from: 0,
          tools: 'all',
          groupBy: [],
        });
        expect(fine.calls).toBe(8);
      } finally {
        await client.close();
        await ledger.close();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'prices the tokens a server meters, on %p',
    async databaseId => {
      const { store, scraper } = await setup(databaseId);
      const metrics = new ToolMetrics({
        server: 'model-gateway',
        team: 'ml-platform',
      });
      const gateway = await startExampleServer(createModelGateway(metrics), {
        metrics,
      });
      const client = new ExampleToolClient(gateway.url);
      try {
        const text = 'Please refund my double charge.';
        await client.call('classify_text', {
          text,
          labels: ['billing', 'account'],
        });
        await scraper.scrape(
          server({
            serverRef: GATEWAY,
            name: 'model-gateway',
            teamRef: 'group:default/ml-platform',
            metricsUrl: gateway.metricsUrl,
          }),
          Date.now(),
        );
        const input = estimateTokens(text) + 40;
        const [tokens] = await store.sumTokens({
          fromDay: 0,
          toDay: 4e9,
          groupBy: ['model', 'tool'],
        });
        expect(tokens).toMatchObject({
          model: 'gpt-4o-mini',
          toolName: '',
          inputTokens: input,
          outputTokens: 12,
          cachedTokens: 30,
        });
        expect(tokens.cost).toBeCloseTo(
          (input * 0.15 + 12 * 0.6 + 30 * 0.075) / 1e6,
          12,
        );
      } finally {
        await client.close();
        await gateway.close();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'records a missing, malformed or unreachable /metrics per server and collects the others, on %p',
    async databaseId => {
      const { store, scraper } = await setup(databaseId);
      const ledger = await startExampleServer(createPaymentsLedger());
      const client = new ExampleToolClient(ledger.url);
      try {
        await client.call('get_payment', { paymentId: 'pay_1001' });
        const servers = [
          server({
            serverRef: 'api:default/missing',
            name: 'missing',
            teamRef: 'unallocated',
            metricsUrl: `${brokenBase}/missing`,
          }),
          server({
            serverRef: 'api:default/garbage',
            name: 'garbage',
            teamRef: 'unallocated',
            metricsUrl: `${brokenBase}/garbage`,
          }),
          server({
            serverRef: 'api:default/down',
            name: 'down',
            teamRef: 'unallocated',
            metricsUrl: `http://127.0.0.1:${closedPort}/metrics`,
          }),
          server({
            serverRef: 'api:default/no-url',
            name: 'no-url',
            teamRef: 'unallocated',
          }),
          server({
            serverRef: LEDGER,
            name: 'payments-ledger',
            teamRef: 'group:default/payments',
            metricsUrl: ledger.metricsUrl,
          }),
        ];
        const outcomes = await scraper.scrapeAll(servers, Date.now());
        expect(outcomes.get(LEDGER)).toMatchObject({ ok: true });
        const targets = Object.fromEntries(
          (await store.listTargets()).map(t => [t.target, t]),
        );
        expect(targets['api:default/missing']).toMatchObject({
          consecutiveFailures: 1,
          lastError: expect.stringMatching(/^HTTP 404 from http/),
        });
        expect(targets['api:default/garbage'].lastError).toMatch(
          /malformed metrics from .*: line 2: expected "<value> \[timestamp\]" after this/,
        );
        expect(targets['api:default/down'].lastError).toMatch(
          /cannot reach http:\/\/127.0.0.1:\d+\/metrics: ECONNREFUSED/,
        );
        expect(targets['api:default/no-url'].lastError).toMatch(
          /no metrics URL/,
        );
        expect(targets[LEDGER]).toMatchObject({
          consecutiveFailures: 0,
          lastError: undefined,
        });
        const rows = await store.sumUsage({
          table: 'usage_hourly',
          from: 0,
          tools: 'all',
          groupBy: ['server'],
        });
        expect(rows.map(r => [r.serverRef, r.calls])).toEqual([[LEDGER, 1]]);

        // The malformed server is not half-read: its earlier valid line was not counted either.
        await scraper.scrapeAll(servers, Date.now());
        expect(
          (await store.listTargets()).find(
            t => t.target === 'api:default/garbage',
          )!.consecutiveFailures,
        ).toBe(2);
      } finally {
        await client.close();
        await ledger.close();
      }
    },
  );
});
