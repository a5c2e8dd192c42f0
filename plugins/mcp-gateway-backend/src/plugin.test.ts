import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import {
  RunningExampleServer,
  createAnalyticsWarehouse,
  createModelGateway,
  createPaymentsLedger,
  defineTool,
  startExampleServer,
  ToolMetrics,
} from '@mcp-platform/example-mcp-servers';
import {
  Client,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { z } from 'zod';
import { startRecordingProxy } from '@mcp-platform/test-utils';
import { startGatewayStack } from './__testUtils__/startGatewayStack';

jest.setTimeout(240_000);

describe('mcp-gateway backend', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let ledger: RunningExampleServer;
  let warehouse: RunningExampleServer;
  let models: RunningExampleServer;
  let slow: RunningExampleServer;
  let closedPort: string;
  /** Resolves when the slow tool's call was cancelled upstream. */
  let cancelled: Promise<void>;
  let onCancelled: () => void;
  let slowStarted: () => void;
  let slowRunning: Promise<void>;

  beforeAll(async () => {
    ledger = await startExampleServer(createPaymentsLedger());
    warehouse = await startExampleServer(createAnalyticsWarehouse());
    models = await startExampleServer(
      createModelGateway(
        new ToolMetrics({ server: 'model-gateway', team: 'ml' }),
      ),
    );
    slow = await startExampleServer({
      name: 'slow-lane',
      title: 'Slow lane',
      version: '1.0.0',
      team: 'analytics',
      instructions: 'Waits.',
      revisions: ['2026-07-28', '2025-11-25'],
      sse: false,
      tools: [
        defineTool({
          name: 'wait',
          title: 'Wait',
          description: 'Waits until cancelled or for a minute.',
          inputSchema: { seconds: z.number().int().min(1).max(60) },
          annotations: { readOnlyHint: true },
          handler: async (_args, ctx) => {
            slowStarted();
            await new Promise<void>(resolve => {
              const timer = setTimeout(resolve, 60_000);
              ctx.mcpReq.signal.addEventListener('abort', () => {
                clearTimeout(timer);
                onCancelled();
                resolve();
              });
            });
            return { content: [{ type: 'text', text: 'waited' }] };
          },
        }),
      ],
    });
    const closed = http.createServer();
    await new Promise<void>(r => closed.listen(0, '127.0.0.1', r));
    closedPort = String((closed.address() as AddressInfo).port);
    await new Promise(r => closed.close(r));
  });
  afterAll(async () => {
    await Promise.all([ledger, warehouse, models, slow].map(s => s.close()));
  });

  it.each(databases.eachSupportedId())(
    'lists and calls catalogued tools for each caller, in both revisions, refusing with reasons (%p)',
    async databaseId => {
      cancelled = new Promise(resolve => {
        onCancelled = resolve;
      });
      slowRunning = new Promise(resolve => {
        slowStarted = resolve;
      });
      const proxy = await startRecordingProxy(ledger.url);
      const knex = await databases.init(databaseId);
      const stack = await startGatewayStack({
        knex,
        servers: [
          {
            name: 'payments-ledger',
            owner: 'group:default/payments',
            url: proxy.urlOf('/mcp'),
          },
          {
            name: 'analytics-warehouse',
            owner: 'group:default/analytics',
            url: warehouse.url,
          },
          {
            name: 'model-gateway',
            owner: 'group:default/analytics',
            url: models.url,
          },
          {
            name: 'slow-lane',
            owner: 'group:default/analytics',
            url: slow.url,
          },
          {
            name: 'down-server',
            owner: 'group:default/analytics',
            url: `http://127.0.0.1:${closedPort}/mcp`,
          },
        ],
        config: {
          mcpCatalog: {
            credentials: [
              {
                origin: proxy.origin,
                headers: { 'x-api-key': 'gateway-secret' },
              },
            ],
          },
          mcpGateway: {
            breaker: { consecutiveFailures: 2, openSeconds: 30 },
            rateLimits: {
              overrides: [
                { tool: 'api:default/model-gateway#list_models', perMinute: 3 },
              ],
            },
          },
        },
      });
      const { backend, server, base } = stack;
      const token = (user: string) => mockCredentials.user.token(user);
      const connect = async (
        user: string,
        mode: 'auto' | 'legacy',
        path = '/v1/mcp',
      ) => {
        const client = new Client(
          { name: 'gateway-test', version: '1.0.0' },
          { versionNegotiation: { mode } },
        );
        await client.connect(
          new StreamableHTTPClientTransport(new URL(`${base}${path}`), {
            requestInit: {
              headers: { authorization: `Bearer ${token(user)}` },
            },
          }),
        );
        return client;
      };

      // Discovery has found the servers, and the gateway's view of the catalog caught up.
      await stack.waitForCallable('user:default/grace', [
        'payments-ledger__refund_payment',
        'analytics-warehouse__list_tables',
        'model-gateway__list_models',
        'slow-lane__wait',
      ]);

      // No token: 401 with the metadata document that names Backstage's auth backend.
      const anonymous = await request(server)
        .post('/api/mcp-gateway/v1/mcp')
        .send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
      expect(anonymous.status).toBe(401);
      const challenge = anonymous.headers['www-authenticate'];
      expect(challenge).toMatch(
        /^Bearer resource_metadata="http:\/\/localhost:\d+\/\.well-known\/oauth-protected-resource\/api\/mcp-gateway\/v1\/mcp"$/,
      );
      const metadata = await request(server).get(
        new URL(challenge.match(/"(.*)"/)![1]).pathname,
      );
      expect(metadata.body).toMatchObject({
        resource: `${base}/v1/mcp`,
        authorization_servers: [expect.stringMatching(/\/api\/auth$/)],
      });

      // grace (payments) and ada (analytics), each in both revisions.
      const grace = await connect('user:default/grace', 'auto');
      const ada = await connect('user:default/ada', 'legacy');
      expect(grace.getProtocolEra()).toBe('modern');
      expect(ada.getProtocolEra()).toBe('legacy');
      const graceTools = (await grace.listTools()).tools.map(t => t.name);
      const adaTools = (await ada.listTools()).tools.map(t => t.name);
      expect(graceTools).toContain('payments-ledger__refund_payment');
      expect(adaTools).not.toContain('payments-ledger__refund_payment');
      // Read-only tools are open to all; names are <alias>__<tool>, in order.
      for (const tools of [graceTools, adaTools]) {
        expect(tools).toContain('payments-ledger__get_payment');
        expect(tools).toContain('analytics-warehouse__list_tables');
        expect(tools).toContain('model-gateway__list_models');
        expect([...tools].sort()).toEqual(tools);
        expect(tools.some(t => t.startsWith('down-server__'))).toBe(false);
      }

      // A listed tool can be called; an unlisted one is refused with the rule that decided.
      const balance = await grace.callTool({
        name: 'payments-ledger__get_payment',
        arguments: { paymentId: 'pay_1001' },
      });
      expect(balance.isError).toBeFalsy();
      const refused = await ada.callTool({
        name: 'payments-ledger__refund_payment',
        arguments: { paymentId: 'pay_1001', reason: 'duplicate' },
      });
      expect(refused.isError).toBe(true);
      expect(JSON.stringify(refused.content)).toMatch(
        /Only members of group:default\/payments may call the destructive production tool refund_payment\. \(rule tool-access\/destructive-production-owner-only, decision \d+\)/,
      );

      // An unknown tool is a protocol error.
      await expect(
        grace.callTool({ name: 'payments-ledger__nope', arguments: {} }),
      ).rejects.toThrow(/Unknown tool: payments-ledger__nope/);

      // Arguments are checked against the schema before anything goes upstream.
      const callsBefore = proxy.requests.filter(
        r => r.rpcMethod === 'tools/call',
      ).length;
      const invalid = await grace.callTool({
        name: 'payments-ledger__get_payment',
        arguments: { paymentId: 42 },
      });
      expect(invalid.isError).toBe(true);
      expect(JSON.stringify(invalid.content)).toMatch(
        /Invalid arguments for payments-ledger__get_payment: \/paymentId must be string/,
      );
      expect(
        proxy.requests.filter(r => r.rpcMethod === 'tools/call').length,
      ).toBe(callsBefore);

      // The caller's token never reaches the upstream; the gateway's own credential does.
      expect(proxy.requests.length).toBeGreaterThan(0);
      expect(
        proxy.requests.filter(
          r =>
            r.headers.authorization !== undefined ||
            r.headers['x-api-key'] !== 'gateway-secret',
        ),
      ).toEqual([]);

      // One server's endpoint: plain names.
      const direct = await connect(
        'user:default/grace',
        'auto',
        '/v1/servers/default/payments-ledger/mcp',
      );
      const directTools = (await direct.listTools()).tools.map(t => t.name);
      expect(directTools).toContain('get_payment');
      expect(directTools.every(t => !t.includes('__'))).toBe(true);
      await direct.close();

      // Rate limit: the fourth call of a minute is refused, with 429 and Retry-After.
      const call = (id: number) =>
        request(server)
          .post('/api/mcp-gateway/v1/mcp')
          .set('Authorization', mockCredentials.user.header('user:default/ada'))
          .set('Accept', 'application/json, text/event-stream')
          .set('Content-Type', 'application/json')
          .send({
            jsonrpc: '2.0',
            id,
            method: 'tools/call',
            params: { name: 'model-gateway__list_models', arguments: {} },
          });
      // A minute boundary could reset the window mid-way: then the next minute repeats it.
      let limited: request.Response | undefined;
      for (let i = 0; i < 8 && !limited; i++) {
        const res = await call(i);
        if (res.status === 429) limited = res;
      }
      expect(limited).toBeDefined();
      expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited!.body.error).toMatchObject({
        code: -32000,
        message: expect.stringMatching(
          /Rate limit of 3 calls per minute per tool reached/,
        ),
      });

      // A client that goes away cancels the call upstream.
      const controller = new AbortController();
      const waiting = grace
        .callTool(
          { name: 'slow-lane__wait', arguments: { seconds: 60 } },
          { signal: controller.signal },
        )
        .catch(error => error);
      await slowRunning;
      controller.abort();
      await waiting;
      await cancelled;

      // The caller's refused calls, with their reasons.
      const refusals = await request(server)
        .get('/api/mcp-gateway/v1/refusals')
        .set('Authorization', mockCredentials.user.header('user:default/ada'));
      expect(refusals.body.items.map((r: any) => r.kind)).toEqual(
        expect.arrayContaining(['policy', 'rate-limit']),
      );
      expect(
        refusals.body.items.every((r: any) => r.user === 'user:default/ada'),
      ).toBe(true);

      // The down upstream: listed as refused, its breaker opens, calls then fail fast.
      const views = await request(server)
        .get('/api/mcp-gateway/v1/tools')
        .set('Authorization', mockCredentials.user.header('user:default/ada'));
      const down = views.body.items.filter(
        (t: any) => t.serverRef === 'api:default/down-server',
      );
      expect(down.every((t: any) => t.refusal?.kind === 'upstream-down')).toBe(
        true,
      );
      const upstreams = await request(server)
        .get('/api/mcp-gateway/v1/upstreams')
        .set('Authorization', mockCredentials.user.header('user:default/ada'));
      const downStatus = upstreams.body.items.find(
        (u: any) => u.serverRef === 'api:default/down-server',
      );
      expect(downStatus).toMatchObject({ breaker: 'open' });
      expect(downStatus.lastError).toMatch(/connection refused/);

      await Promise.all([grace.close(), ada.close()]);
      await backend.stop();
      await proxy.close();
    },
  );
});
