import {
  Client,
  SSEClientTransport,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DEMO_DOWN_SERVER } from './demoStates';
import { RunningExampleServer } from './exampleServer';
import { startAllExampleServers } from './startAllExampleServers';

type NegotiationMode = 'auto' | 'legacy' | { pin: '2026-07-28' };

describe('example MCP servers', () => {
  let servers: RunningExampleServer[];
  const byName = (name: string) => servers.find(s => s.name === name)!;
  const clients: Client[] = [];

  beforeAll(async () => {
    servers = await startAllExampleServers({ basePort: 0 });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map(c => c.close().catch(() => {})));
  });
  afterAll(async () => {
    await Promise.all(servers.map(s => s.close()));
  });

  async function connect(
    url: string,
    mode: NegotiationMode = 'auto',
    transport: 'http' | 'sse' = 'http',
  ) {
    const client = new Client(
      { name: 'example-servers-test', version: '1.0.0' },
      { versionNegotiation: { mode } },
    );
    clients.push(client);
    await client.connect(
      transport === 'http'
        ? new StreamableHTTPClientTransport(new URL(url))
        : new SSEClientTransport(new URL(url)),
    );
    return client;
  }

  /** One JSON-RPC POST to `/mcp`, with the headers of a 2026-07-28 or a 2025 client. */
  async function post(
    url: string,
    body: object,
    headers: Record<string, string> = {},
  ) {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, ...body }),
    });
    const text = await response.text();
    const json = text.startsWith('{')
      ? JSON.parse(text)
      : JSON.parse(text.replace(/^[\s\S]*?data: /, ''));
    return { status: response.status, json };
  }

  const initialize2025 = {
    method: 'initialize',
    params: {
      protocolVersion: '2025-11-25',
      capabilities: {},
      clientInfo: { name: 'raw', version: '1.0.0' },
    },
  };

  it('declares the revisions each server speaks and whether it serves SSE', () => {
    expect(
      servers.map(({ name, revisions, sse, sseUrl }) => ({
        name,
        revisions,
        sse,
        sseUrl: Boolean(sseUrl),
      })),
    ).toEqual([
      {
        name: 'payments-ledger',
        revisions: ['2026-07-28', '2025-11-25'],
        sse: true,
        sseUrl: true,
      },
      {
        name: 'analytics-warehouse',
        revisions: ['2026-07-28'],
        sse: false,
        sseUrl: false,
      },
      {
        name: 'support-desk',
        revisions: ['2026-07-28', '2025-11-25'],
        sse: true,
        sseUrl: true,
      },
      {
        name: 'model-gateway',
        revisions: ['2025-11-25'],
        sse: false,
        sseUrl: false,
      },
    ]);
  });

  it('lands an auto client on the newest revision a server speaks, and a default client on 2025-11-25 where served', async () => {
    const outcomes = [];
    for (const server of servers) {
      const auto = await connect(server.url, 'auto');
      const legacy = await connect(server.url, 'legacy').then(
        async client =>
          `${client.getProtocolEra()} ${client.getNegotiatedProtocolVersion()} ${
            (
              await client.listTools()
            ).tools.length
          } tools`,
        (error: Error) => error.message,
      );
      outcomes.push({
        name: server.name,
        auto: `${auto.getProtocolEra()} ${auto.getNegotiatedProtocolVersion()} ${
          auto.getServerVersion()?.name
        }`,
        legacy,
      });
    }
    expect(outcomes).toEqual([
      {
        name: 'payments-ledger',
        auto: 'modern 2026-07-28 payments-ledger',
        legacy: 'legacy 2025-11-25 5 tools',
      },
      {
        name: 'analytics-warehouse',
        auto: 'modern 2026-07-28 analytics-warehouse',
        legacy: expect.stringMatching(
          /Unsupported protocol version: 2025-11-25/,
        ),
      },
      {
        name: 'support-desk',
        auto: 'modern 2026-07-28 support-desk',
        legacy: 'legacy 2025-11-25 5 tools',
      },
      {
        name: 'model-gateway',
        auto: 'legacy 2025-11-25 model-gateway',
        legacy: 'legacy 2025-11-25 4 tools',
      },
    ]);
  });

  it('refuses a 2025 initialize on the 2026-only server, naming the revision it speaks', async () => {
    const { status, json } = await post(
      byName('analytics-warehouse').url,
      initialize2025,
    );
    expect(status).toBe(400);
    expect(json.error).toMatchObject({
      code: -32022,
      data: { supported: ['2026-07-28'], requested: '2025-11-25' },
    });
    // The servers that speak both answer the same request with a 2025 handshake.
    const both = await post(byName('payments-ledger').url, initialize2025);
    expect(both.status).toBe(200);
    expect(both.json.result.protocolVersion).toBe('2025-11-25');
  });

  it('answers server/discover on the 2025-only server as a 2025 server does, so only a pinned client fails', async () => {
    const gateway = byName('model-gateway');
    const discover = await post(
      gateway.url,
      {
        method: 'server/discover',
        params: {
          _meta: {
            'io.modelcontextprotocol/protocolVersion': '2026-07-28',
            'io.modelcontextprotocol/clientCapabilities': {},
          },
        },
      },
      { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'server/discover' },
    );
    expect(discover.status).toBe(400);
    expect(discover.json.result).toBeUndefined();
    expect(discover.json.error.message).toMatch(
      /Unsupported protocol version: 2026-07-28/,
    );

    const auto = await connect(gateway.url, 'auto');
    expect(auto.getProtocolEra()).toBe('legacy');
    expect(auto.getDiscoverResult()).toBeUndefined();
    const listed = await auto.callTool({ name: 'list_models', arguments: {} });
    expect(listed.isError).toBeFalsy();

    await expect(
      connect(gateway.url, { pin: '2026-07-28' }),
    ).rejects.toMatchObject({ code: 'ERA_NEGOTIATION_FAILED' });
  });

  it('lists the tools of each server with schemas, annotations and Mcp-Param headers', async () => {
    const expected: Record<string, string[]> = {
      'payments-ledger': [
        'get_account_balance',
        'list_transactions',
        'get_payment',
        'refund_payment',
        'flag_transaction_for_review',
      ],
      'analytics-warehouse': [
        'list_tables',
        'describe_table',
        'aggregate_metric',
        'schedule_report',
      ],
      'support-desk': [
        'search_tickets',
        'get_ticket',
        'create_ticket',
        'add_ticket_comment',
        'close_ticket',
      ],
      'model-gateway': [
        'list_models',
        'classify_text',
        'summarize_text',
        'embed_text',
      ],
    };
    for (const [name, tools] of Object.entries(expected)) {
      const client = await connect(byName(name).url);
      const listed = await client.listTools();
      expect([name, listed.tools.map(t => t.name)]).toEqual([name, tools]);
    }
    const client = await connect(byName('payments-ledger').url);
    const { tools } = await client.listTools();
    const refund = tools.find(t => t.name === 'refund_payment')!;
    expect(refund.annotations).toMatchObject({
      destructiveHint: true,
      readOnlyHint: false,
    });
    expect(refund.inputSchema.required).toEqual(['paymentId', 'reason']);
    const balance = tools.find(t => t.name === 'get_account_balance')!;
    expect(balance.inputSchema.properties?.accountId).toMatchObject({
      description: 'Account id, e.g. "acc_101"',
      'x-mcp-header': 'Account',
    });
  });

  it('refuses a 2026-07-28 call whose Mcp-Param header disagrees with its arguments', async () => {
    const meta = {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientCapabilities': {},
    };
    const call = (account: string) =>
      post(
        byName('payments-ledger').url,
        {
          method: 'tools/call',
          params: {
            name: 'get_account_balance',
            arguments: { accountId: 'acc_101' },
            _meta: meta,
          },
        },
        {
          'mcp-protocol-version': '2026-07-28',
          'mcp-method': 'tools/call',
          'mcp-name': 'get_account_balance',
          'mcp-param-account': account,
        },
      );
    const agreeing = await call('acc_101');
    expect(agreeing.status).toBe(200);
    expect(agreeing.json.result.structuredContent.accountId).toBe('acc_101');
    const disagreeing = await call('acc_102');
    expect(disagreeing.status).toBe(400);
    expect(disagreeing.json.error.code).toBe(-32020);
  });

  it('executes tools in both revisions, validates input and counts calls in /metrics', async () => {
    const ledger = byName('payments-ledger');
    for (const mode of ['auto', 'legacy'] as const) {
      const client = await connect(ledger.url, mode);
      const ok = await client.callTool({
        name: 'refund_payment',
        arguments: {
          paymentId: 'pay_1001',
          amountCents: 100,
          reason: 'duplicate',
        },
      });
      expect(ok.isError).toBeFalsy();
      expect((ok.structuredContent as any).refund.amountCents).toBe(100);
    }
    const client = await connect(ledger.url);
    const unknown = await client.callTool({
      name: 'get_payment',
      arguments: { paymentId: 'pay_nope' },
    });
    expect(unknown.isError).toBe(true);
    expect((unknown.content as any)[0].text).toContain('list_transactions');

    const invalid = await client.callTool({
      name: 'get_account_balance',
      arguments: { accountId: 'not-an-account' },
    });
    expect(invalid.isError).toBe(true);

    const metrics = await (await fetch(ledger.metricsUrl)).text();
    expect(metrics).toMatch(
      /mcp_tool_invocations_total\{tool_name="refund_payment",status="success",server="payments-ledger",team="payments"\} 2/,
    );
    expect(metrics).toMatch(
      /mcp_tool_invocations_total\{tool_name="get_payment",status="error",server="payments-ledger",team="payments"\} 1/,
    );
    expect(metrics).toMatch(
      /mcp_tool_duration_seconds_count\{[^}]*tool_name="refund_payment"[^}]*\} 2/,
    );
  });

  it('meters LLM tokens of the model gateway', async () => {
    const gateway = byName('model-gateway');
    const client = await connect(gateway.url);
    await client.callTool({
      name: 'summarize_text',
      arguments: { text: 'One. Two. Three. Four.', maxSentences: 2 },
    });
    const metrics = await (await fetch(gateway.metricsUrl)).text();
    expect(metrics).toMatch(
      /mcp_llm_tokens_total\{model="claude-3-5-haiku-20241022",direction="input",server="model-gateway",team="ml-platform"\} \d+/,
    );
  });

  it('serves prompts, resources and cache hints to 2026-07-28 clients', async () => {
    const desk = await connect(byName('support-desk').url);
    expect(desk.getProtocolEra()).toBe('modern');
    const prompts = await desk.listPrompts();
    expect(prompts.prompts.map(p => p.name)).toEqual(['draft_customer_reply']);
    expect(prompts).toMatchObject({ ttlMs: 300_000, cacheScope: 'public' });
    const article = await desk.readResource({
      uri: 'kb://articles/refund-policy',
    });
    expect((article.contents[0] as any).text).toContain('30 days');

    const warehouse = await connect(byName('analytics-warehouse').url);
    const schema = await warehouse.readResource({
      uri: 'warehouse://tables/finance.revenue/schema',
    });
    expect(JSON.parse((schema.contents[0] as any).text).columns).toContainEqual(
      { name: 'revenue_eur', type: 'number' },
    );
    const ledger = await connect(byName('payments-ledger').url);
    const refund = await ledger.getPrompt({
      name: 'refund_with_confirmation',
      arguments: { paymentId: 'pay_1001' },
    });
    expect((refund.messages[0].content as any).text).toContain('confirm');
  });

  it('serves the legacy SSE transport where declared, and says where to go elsewhere', async () => {
    for (const server of servers.filter(s => s.sse)) {
      const client = await connect(server.sseUrl!, 'legacy', 'sse');
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    }
    const desk = await connect(byName('support-desk').sseUrl!, 'auto', 'sse');
    expect(desk.getProtocolEra()).toBe('legacy');
    const templates = await desk.listResourceTemplates();
    expect(templates.resourceTemplates[0].uriTemplate).toBe(
      'kb://articles/{id}',
    );

    for (const server of servers.filter(s => !s.sse)) {
      const response = await fetch(server.url.replace(/\/mcp$/, '/sse'));
      expect(response.status).toBe(404);
      expect((await response.json()).error.message).toMatch(
        /does not serve the deprecated HTTP\+SSE transport; use Streamable HTTP at \/mcp/,
      );
    }
  });

  it('refuses requests whose Host or Origin is not localhost (DNS rebinding)', async () => {
    const { url } = byName('support-desk');
    const statusWith = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(
          url,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              accept: 'application/json, text/event-stream',
              ...headers,
            },
          },
          res => {
            res.resume();
            resolve(res.statusCode!);
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, ...initialize2025 }));
      });
    expect(await statusWith({ host: 'evil.example.com' })).toBe(403);
    expect(await statusWith({ origin: 'http://evil.example.com' })).toBe(403);
    expect(await statusWith({ origin: 'http://localhost:3000' })).toBe(200);
  });

  it('agrees with the catalog entities: remotes, SSE and revisions', () => {
    const documents = parseAllDocuments(
      fs.readFileSync(path.join(__dirname, '..', 'catalog-info.yaml'), 'utf8'),
    ).map(d => d.toJS());
    const all = documents.filter(d => d.kind === 'API');
    // The demo's down server is catalogued on a port none of the examples uses.
    const down = all.filter(a => a.metadata.name === DEMO_DOWN_SERVER.name);
    expect(down.map(a => a.spec.remotes)).toEqual([
      [
        {
          type: 'streamable-http',
          url: `http://localhost:${DEMO_DOWN_SERVER.port}/mcp`,
        },
      ],
    ]);
    expect(DEMO_DOWN_SERVER.port).toBeGreaterThanOrEqual(7101 + servers.length);
    const apis = all.filter(a => a.metadata.name !== DEMO_DOWN_SERVER.name);
    expect(apis.map(a => a.metadata.name)).toEqual(servers.map(s => s.name));
    for (const [i, api] of apis.entries()) {
      const server = servers[i];
      const port = 7101 + i;
      const remotes = [
        {
          type: 'streamable-http',
          url: `http://localhost:${port}/mcp`,
        },
        ...(server.sse
          ? [{ type: 'sse', url: `http://localhost:${port}/sse` }]
          : []),
      ];
      expect([server.name, api.spec.remotes]).toEqual([server.name, remotes]);
      const named = ['2026-07-28', '2025-11-25'].filter(r =>
        api.metadata.description.includes(r),
      );
      expect([server.name, named]).toEqual([server.name, server.revisions]);
    }
  });
});
