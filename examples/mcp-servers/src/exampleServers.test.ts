import http from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { RunningExampleServer } from './exampleServer';
import { startAllExampleServers } from './startAllExampleServers';

describe('example MCP servers', () => {
  let servers: RunningExampleServer[];
  const byName = (name: string) => servers.find(s => s.name === name)!;

  beforeAll(async () => {
    servers = await startAllExampleServers({ basePort: 0 });
  });
  afterAll(async () => {
    await Promise.all(servers.map(s => s.close()));
  });

  async function connect(url: string, transport: 'http' | 'sse' = 'http') {
    const client = new Client({
      name: 'example-servers-test',
      version: '1.0.0',
    });
    await client.connect(
      transport === 'http'
        ? new StreamableHTTPClientTransport(new URL(url))
        : new SSEClientTransport(new URL(url)),
    );
    return client;
  }

  it('lists the tools of each server with schemas and annotations', async () => {
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
      expect(listed.tools.map(t => t.name)).toEqual(tools);
      expect(client.getServerVersion()?.name).toBe(name);
      await client.close();
    }
    const client = await connect(byName('payments-ledger').url);
    const { tools } = await client.listTools();
    const refund = tools.find(t => t.name === 'refund_payment')!;
    expect(refund.annotations).toMatchObject({
      destructiveHint: true,
      readOnlyHint: false,
    });
    expect(refund.inputSchema.required).toEqual(['paymentId', 'reason']);
    await client.close();
  });

  it('executes tools, validates input and counts calls in /metrics', async () => {
    const ledger = byName('payments-ledger');
    const client = await connect(ledger.url);
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
    await client.close();

    const metrics = await (await fetch(ledger.metricsUrl)).text();
    expect(metrics).toMatch(
      /mcp_tool_invocations_total\{tool_name="refund_payment",status="success",server="payments-ledger",team="payments"\} 1/,
    );
    expect(metrics).toMatch(
      /mcp_tool_invocations_total\{tool_name="get_payment",status="error",server="payments-ledger",team="payments"\} 1/,
    );
    expect(metrics).toMatch(
      /mcp_tool_duration_seconds_count\{[^}]*tool_name="refund_payment"[^}]*\} 1/,
    );
  });

  it('meters LLM tokens of the model gateway', async () => {
    const gateway = byName('model-gateway');
    const client = await connect(gateway.url);
    await client.callTool({
      name: 'summarize_text',
      arguments: { text: 'One. Two. Three. Four.', maxSentences: 2 },
    });
    await client.close();
    const metrics = await (await fetch(gateway.metricsUrl)).text();
    expect(metrics).toMatch(
      /mcp_llm_tokens_total\{model="claude-3-5-haiku-20241022",direction="input",server="model-gateway",team="ml-platform"\} \d+/,
    );
  });

  it('serves prompts and resources, and the legacy SSE transport', async () => {
    const client = await connect(byName('support-desk').sseUrl, 'sse');
    expect((await client.listPrompts()).prompts.map(p => p.name)).toEqual([
      'draft_customer_reply',
    ]);
    const templates = await client.listResourceTemplates();
    expect(templates.resourceTemplates[0].uriTemplate).toBe(
      'kb://articles/{id}',
    );
    const article = await client.readResource({
      uri: 'kb://articles/refund-policy',
    });
    expect((article.contents[0] as any).text).toContain('30 days');
    await client.close();
  });

  it('refuses requests whose Host header is not localhost (DNS rebinding)', async () => {
    const { url } = byName('support-desk');
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        url,
        {
          method: 'POST',
          headers: {
            host: 'evil.example.com',
            'content-type': 'application/json',
          },
        },
        res => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
  });
});
