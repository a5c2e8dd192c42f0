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
import { MetricsEndpointReader } from './MetricsEndpointReader';
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
  const readers: MetricsEndpointReader[] = [];
  const reader = (network: { allowedCidrs: string[] }) => {
    const created = new MetricsEndpointReader({
      network: { allowPrivateNetworks: false, ...network },
      timeoutMs: 5000,
      maxResponseBytes: 1024 * 1024,
    });
    readers.push(created);
    return created;
  };

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
    await Promise.all(readers.map(r => r.close()));
  });

  // The example servers run on this machine: loopback is allowed unless a test says otherwise.
  async function setup(
    databaseId: Parameters<typeof databases.init>[0],
    network = { allowedCidrs: ['127.0.0.0/8'] },
  ) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest(migrationConfig);
    const store = DatabaseInsightsStore.fromKnex(knex);
    const scraper = new MetricsScraper({
      store,
      costModel,
      metrics: new InsightsMetrics(new Registry()),
      settings: { ...settings.collection, fineRetentionMs: 8 * 3_600_000 },
      reader: reader(network),
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
        await store.syncServers(servers, 0);
        const scrapedAt = Date.now();
        const outcomes = await scraper.scrapeAll(servers, scrapedAt);
        expect(outcomes.get(LEDGER)).toMatchObject({ ok: true });
        // Only the server whose metrics answered is known to run (its compute cost starts).
        expect(
          (await store.listServers()).map(s => [s.serverRef, s.aliveSince]),
        ).toEqual([
          ['api:default/down', undefined],
          ['api:default/garbage', undefined],
          ['api:default/missing', undefined],
          ['api:default/no-url', undefined],
          [LEDGER, scrapedAt],
        ]);
        const targets = Object.fromEntries(
          (await store.listTargets()).map(t => [t.target, t]),
        );
        expect(targets['api:default/missing']).toMatchObject({
          consecutiveFailures: 1,
          lastError: `HTTP 404 from ${brokenBase}/missing`,
        });
        expect(targets['api:default/garbage'].lastError).toBe(
          `the response of ${brokenBase}/garbage is not Prometheus text format at line 2: expected "<value> [timestamp]" after the metric name`,
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
  it.each(databases.eachSupportedId())(
    'refuses non-public targets and redirects to them through the SSRF guard, and never stores what a target answered, on %p',
    async databaseId => {
      // An "internal" service on another loopback address, holding a secret, and a target that
      // looks harmless on 127.0.0.1 but redirects there (or to the cloud metadata address).
      let internalHits = 0;
      const internal = http.createServer((_req, res) => {
        internalHits++;
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('db_host=10.0.0.5\npassword=hunter2-secret\n');
      });
      await new Promise<void>(r => internal.listen(0, '127.0.0.2', r));
      const internalUrl = `http://127.0.0.2:${
        (internal.address() as AddressInfo).port
      }/config`;
      let publicHits = 0;
      const redirector = http.createServer((req, res) => {
        publicHits++;
        const location =
          req.url === '/to-metadata'
            ? 'http://169.254.169.254/latest/meta-data/iam'
            : internalUrl;
        res.writeHead(302, { location }).end();
      });
      await new Promise<void>(r => redirector.listen(0, '127.0.0.1', r));
      const publicBase = `http://127.0.0.1:${
        (redirector.address() as AddressInfo).port
      }`;
      const target = (name: string, metricsUrl: string) =>
        server({
          serverRef: `api:default/${name}`,
          name,
          teamRef: 'unallocated',
          metricsUrl,
        });
      try {
        // The default policy: nothing but public addresses.
        const strict = await setup(databaseId, { allowedCidrs: [] });
        await strict.scraper.scrapeAll(
          [
            target('loopback', internalUrl),
            target('metadata', 'http://169.254.169.254/metrics'),
            target('file', 'file:///etc/passwd'),
          ],
          Date.now(),
        );
        const refused = Object.fromEntries(
          (await strict.store.listTargets()).map(t => [t.target, t.lastError]),
        );
        expect(refused).toEqual({
          'api:default/loopback': expect.stringMatching(
            /^refusing to scrape 127\.0\.0\.2: not a public address\. .*mcpInsights\.collection\.allowedCidrs/,
          ),
          'api:default/metadata': expect.stringMatching(
            /^refusing to scrape 169\.254\.169\.254: not a public address/,
          ),
          'api:default/file':
            'metrics URL file:///etc/passwd must be http or https, not file:',
        });
        expect(internalHits).toBe(0);

        // Only 127.0.0.1 (the "public" first hop) is allowed: each redirect hop is checked again.
        const { store, scraper } = await setup(databaseId, {
          allowedCidrs: ['127.0.0.1/32'],
        });
        await scraper.scrapeAll(
          [
            target('to-internal', `${publicBase}/metrics`),
            target('to-metadata', `${publicBase}/to-metadata`),
          ],
          Date.now(),
        );
        const redirected = Object.fromEntries(
          (await store.listTargets()).map(t => [t.target, t.lastError]),
        );
        expect(redirected).toEqual({
          'api:default/to-internal': `${publicBase}/metrics redirected to a place the network policy refuses (a non-public address, a URL that is not http(s), or more than 3 redirects)`,
          'api:default/to-metadata': `${publicBase}/to-metadata redirected to a place the network policy refuses (a non-public address, a URL that is not http(s), or more than 3 redirects)`,
        });
        expect(publicHits).toBe(2);
        expect(internalHits).toBe(0);

        // Where the internal address is allowed, the secret is read, but only its line number
        // and a fixed reason are stored, never the text.
        const open = await setup(databaseId, { allowedCidrs: ['127.0.0.0/8'] });
        await open.scraper.scrapeAll(
          [target('to-internal', `${publicBase}/metrics`)],
          Date.now(),
        );
        expect(internalHits).toBe(1);
        const [stored] = await open.store.listTargets();
        expect(stored.lastError).toBe(
          `the response of ${publicBase}/metrics is not Prometheus text format at line 1: a sample value is not a number`,
        );
        expect(JSON.stringify(stored)).not.toMatch(/password|hunter2|db_host/);
      } finally {
        for (const s of [internal, redirector]) {
          s.closeAllConnections();
          await new Promise(r => s.close(r));
        }
      }
    },
  );
});
