import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import {
  RunningExampleServer,
  createPaymentsLedger,
  startExampleServer,
} from '@mcp-platform/example-mcp-servers';
import {
  Client,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import request from 'supertest';
import { startGatewayStack } from '../__testUtils__/startGatewayStack';

jest.setTimeout(180_000);

/**
 * The data-plane listener (`mcpGateway.dataPlane`) serves the same MCP endpoints as Backstage's
 * listener, with its own public URL in the auth challenge, metadata and Gateway tab, and the
 * same answers to bad requests. The database plays no part here, so SQLite only.
 */
describe('gateway data-plane listener', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let ledger: RunningExampleServer;

  beforeAll(async () => {
    ledger = await startExampleServer(createPaymentsLedger());
  });
  afterAll(() => ledger.close());

  it('serves the MCP endpoints on its own port, both revisions, with its own auth metadata', async () => {
    const knex = await databases.init('SQLITE_3');
    const stack = await startGatewayStack({
      knex,
      servers: [
        {
          name: 'payments-ledger',
          owner: 'group:default/payments',
          url: ledger.url,
        },
      ],
      config: {
        app: { baseUrl: 'http://localhost:3000' },
        mcpGateway: { dataPlane: { listen: { port: 0, host: '127.0.0.1' } } },
      },
    });
    const { backend, server } = stack;
    const grace = mockCredentials.user.header('user:default/grace');
    await stack.waitForCallable('user:default/grace', [
      'payments-ledger__get_payment',
    ]);

    // The Gateway tab shows the data plane's endpoints.
    const endpoints = await request(server)
      .get('/api/mcp-gateway/v1/endpoints')
      .set('Authorization', grace);
    const aggregate: string = endpoints.body.endpoints.aggregate;
    expect(aggregate).toMatch(
      /^http:\/\/localhost:\d+\/api\/mcp-gateway\/v1\/mcp$/,
    );
    const plane = new URL(aggregate);
    expect(plane.port).not.toBe(String((server.address() as any).port));
    const origin = plane.origin;

    // Both revisions list and call through it.
    for (const mode of ['auto', 'legacy'] as const) {
      const client = new Client(
        { name: 'data-plane-test', version: '1.0.0' },
        { versionNegotiation: { mode } },
      );
      await client.connect(
        new StreamableHTTPClientTransport(plane, {
          requestInit: { headers: { authorization: grace } },
        }),
      );
      expect(client.getProtocolEra()).toBe(
        mode === 'auto' ? 'modern' : 'legacy',
      );
      const tools = (await client.listTools()).tools.map(t => t.name);
      expect(tools).toContain('payments-ledger__get_payment');
      const result = await client.callTool({
        name: 'payments-ledger__get_payment',
        arguments: { paymentId: 'pay_1001' },
      });
      expect(result.isError).toBeFalsy();
      expect(JSON.stringify(result.content)).toContain('pay_1001');
      await client.close();
    }

    // No token: 401 naming the data plane's own metadata document, served there.
    const anonymous = await request(origin)
      .post('/api/mcp-gateway/v1/servers/default/payments-ledger/mcp')
      .send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(anonymous.status).toBe(401);
    const metadataUrl = /resource_metadata="(.*)"/.exec(
      anonymous.headers['www-authenticate'],
    )![1];
    expect(metadataUrl).toBe(
      `${origin}/.well-known/oauth-protected-resource/api/mcp-gateway/v1/servers/default/payments-ledger/mcp`,
    );
    const metadata = await request(origin).get(new URL(metadataUrl).pathname);
    expect(metadata.status).toBe(200);
    expect(metadata.body).toMatchObject({
      resource: `${origin}/api/mcp-gateway/v1/servers/default/payments-ledger/mcp`,
      authorization_servers: [expect.stringMatching(/\/api\/auth$/)],
    });

    // Bad bodies get JSON-RPC answers that say what is wrong, on both listeners.
    for (const target of [origin, server] as const) {
      const malformed = await request(target as any)
        .post('/api/mcp-gateway/v1/mcp')
        .set('Authorization', grace)
        .set('Content-Type', 'application/json')
        .send('{"jsonrpc": "2.0", "id": 1,');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error).toMatchObject({
        code: -32700,
        message: expect.stringMatching(/not valid JSON/),
      });
      const huge = await request(target as any)
        .post('/api/mcp-gateway/v1/mcp')
        .set('Authorization', grace)
        .set('Content-Type', 'application/json')
        .send({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'x', arguments: { blob: 'x'.repeat(1_100_000) } },
        });
      expect(huge.status).toBe(413);
      expect(huge.body.error.message).toMatch(
        /exceeds the gateway's limit of 1048576 bytes \(mcpGateway.maxRequestBytes\)/,
      );
    }

    // DNS rebinding: a foreign Origin or a non-loopback Host is refused.
    const foreign = await request(origin)
      .post('/api/mcp-gateway/v1/mcp')
      .set('Authorization', grace)
      .set('Origin', 'https://evil.example')
      .send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.message).toMatch(
      /Origin https:\/\/evil.example may not call the MCP gateway/,
    );
    const rebound = await request(origin)
      .post('/api/mcp-gateway/v1/mcp')
      .set('Authorization', grace)
      .set('Host', `rebind.example:${plane.port}`)
      .send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(rebound.status).toBe(403);

    // CORS: the app's origin may preflight, with the MCP headers allowed; others may not.
    const preflight = await request(origin)
      .options('/api/mcp-gateway/v1/mcp')
      .set('Origin', 'http://localhost:3000')
      .set('Access-Control-Request-Method', 'POST')
      .set(
        'Access-Control-Request-Headers',
        'authorization, mcp-protocol-version, mcp-param-region',
      );
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(
      'http://localhost:3000',
    );
    expect(preflight.headers['access-control-allow-headers']).toMatch(
      /mcp-param-region/,
    );
    const refusedPreflight = await request(origin)
      .options('/api/mcp-gateway/v1/mcp')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(refusedPreflight.status).toBe(403);

    // Anything else is a 404 that names the endpoints.
    const unknown = await request(origin).get('/api/catalog/entities');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(
      /the endpoints are \/api\/mcp-gateway\/v1\/mcp/,
    );
    const health = await request(origin).get('/api/mcp-gateway/health');
    expect(health.body).toEqual({ status: 'ok' });

    await backend.stop();
    // The listener closed with the backend.
    await expect(
      request(origin).get('/api/mcp-gateway/health'),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
