import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import {
  defineTool,
  ExampleServerDefinition,
  RunningExampleServer,
  startExampleServer,
} from '@mcp-platform/example-mcp-servers';
import request from 'supertest';
import { startGatewayStack } from './__testUtils__/startGatewayStack';

jest.setTimeout(240_000);

const flaky: ExampleServerDefinition = {
  name: 'flaky-ledger',
  title: 'Flaky ledger',
  version: '1.0.0',
  team: 'payments',
  instructions: 'Goes away and comes back.',
  revisions: ['2026-07-28', '2025-11-25'],
  sse: false,
  tools: [
    defineTool({
      name: 'ping',
      title: 'Ping',
      description: 'Answers pong.',
      inputSchema: {},
      annotations: { readOnlyHint: true },
      handler: () => ({ content: [{ type: 'text', text: 'pong' }] }),
    }),
  ],
};

/**
 * The circuit breaker of one upstream through a real gateway, with a real upstream that goes
 * away and comes back on the same port: failures open it, an open breaker refuses without
 * trying, after the open period one probe goes through (half-open), a failed probe opens it
 * again, a successful one closes it and the tools are offered again.
 */
describe('circuit breaker of an upstream that comes back', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'opens, refuses, probes when half-open, reopens on a failed probe and closes on a good one (%p)',
    async databaseId => {
      let upstream: RunningExampleServer | undefined = await startExampleServer(
        flaky,
      );
      const port = Number(new URL(upstream.url).port);
      const knex = await databases.init(databaseId);
      const stack = await startGatewayStack({
        knex,
        servers: [
          {
            name: 'flaky-ledger',
            owner: 'group:default/payments',
            url: upstream.url,
          },
        ],
        config: {
          mcpGateway: {
            // Long enough that a loaded machine reads "open" between two requests.
            breaker: { consecutiveFailures: 2, openSeconds: 5 },
          },
        },
      });
      const { server, backend } = stack;
      const grace = mockCredentials.user.header('user:default/grace');
      const breaker = async () => {
        const res = await request(server)
          .get('/api/mcp-gateway/v1/upstreams')
          .set('Authorization', grace);
        return res.body.items.find(
          (u: { serverRef: string }) =>
            u.serverRef === 'api:default/flaky-ledger',
        ) as { breaker: string; lastError?: string; retryAt?: string };
      };
      const call = async () => {
        const res = await request(server)
          .post('/api/mcp-gateway/v1/mcp')
          .set('Authorization', grace)
          .set('Accept', 'application/json, text/event-stream')
          .set('Content-Type', 'application/json')
          .send({
            jsonrpc: '2.0',
            id: 1,
            method: 'tools/call',
            params: { name: 'flaky-ledger__ping', arguments: {} },
          });
        // A refusal is a tool error; a transport failure relayed as it happened a JSON-RPC error.
        const { result, error } = res.body as {
          result?: { isError?: boolean; content: { text: string }[] };
          error?: { message: string };
        };
        return {
          ok: !!result && !result.isError,
          text: result?.content[0]?.text ?? error?.message ?? '',
        };
      };
      /** Polls until the breaker is in `state`; nothing but this reads the upstream meanwhile. */
      const until = async (state: string) => {
        for (const deadline = Date.now() + 60_000; ; ) {
          const b = await breaker();
          if (b?.breaker === state) return b;
          if (Date.now() > deadline)
            throw new Error(`the breaker stayed ${JSON.stringify(b)}`);
          await new Promise(r => setTimeout(r, 100));
        }
      };
      try {
        await stack.waitForCallable('user:default/grace', [
          'flaky-ledger__ping',
        ]);
        expect(await call()).toEqual({ ok: true, text: 'pong' });
        expect((await breaker()).breaker).toBe('closed');

        // The upstream goes away: failed attempts open the breaker.
        await upstream.close();
        upstream = undefined;
        for (let i = 0; i < 10 && (await breaker()).breaker !== 'open'; i++) {
          expect((await call()).ok).toBe(false);
        }
        const open = await breaker();
        expect(open).toMatchObject({
          breaker: 'open',
          lastError: expect.stringMatching(/connection refused/),
        });

        // Open: calls are refused without trying, saying until when.
        const refused = await call();
        expect(refused.ok).toBe(false);
        expect(refused.text).toMatch(
          /api:default\/flaky-ledger is failing; the gateway stopped sending it calls until /,
        );

        // Half-open, still down: the one probe fails and the breaker opens again.
        await until('half-open');
        expect((await call()).ok).toBe(false);
        expect((await breaker()).breaker).toBe('open');

        // Back on the same port: the next probe succeeds, the breaker closes, the tool is
        // offered and called again.
        upstream = await startExampleServer(flaky, { port });
        await until('half-open');
        expect(await call()).toEqual({ ok: true, text: 'pong' });
        expect((await breaker()).breaker).toBe('closed');
        await stack.waitForCallable('user:default/grace', [
          'flaky-ledger__ping',
        ]);
      } finally {
        await backend.stop();
        await upstream?.close();
      }
    },
  );
});
