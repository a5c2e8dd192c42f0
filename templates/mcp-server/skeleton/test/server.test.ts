import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { serverInfo } from '../src/serverInfo.js';
import { tools as templateTools } from '../src/tools/index.js';
import {
  connectClient,
  fixtureTools,
  metricValue,
  startTestServer,
  textOf,
} from './helpers.js';

const labels = { server: serverInfo.name, team: serverInfo.team };

function postRaw(url: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, res => {
      let text = '';
      res.on('data', chunk => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('MCP server over Streamable HTTP', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let client: Awaited<ReturnType<typeof connectClient>>;

  before(async () => {
    server = await startTestServer();
    client = await connectClient(server.mcpUrl);
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  it('lists the tools chosen in the template, with schemas and annotations', async () => {
    const { tools } = await client.listTools();
    const byName = new Map(tools.map(tool => [tool.name, tool]));
    assert.ok(templateTools.length > 0);
    for (const expected of templateTools) {
      const listed = byName.get(expected.name);
      assert.ok(listed, `${expected.name} is listed`);
      assert.equal(listed.description, expected.description);
      assert.equal(listed.inputSchema.type, 'object');
      assert.equal(
        listed.annotations?.readOnlyHint,
        expected.annotations.readOnlyHint,
      );
      assert.equal(
        listed.annotations?.destructiveHint,
        expected.annotations.destructiveHint,
      );
    }
  });

  it('answers every template tool through the middleware, counted in the metrics', async () => {
    for (const tool of templateTools) {
      const result = await client.callTool({
        name: tool.name,
        arguments: { query: 'q' },
      });
      assert.equal(result.isError, true);
      assert.match(textOf(result), /not implemented yet/);
    }
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    for (const tool of templateTools) {
      assert.equal(
        metricValue(metrics, 'mcp_tool_invocations_total', {
          ...labels,
          tool_name: tool.name,
          status: 'error',
        }),
        1,
      );
    }
  });

  it('returns results, counts successes, durations and LLM tokens with team and server labels', async () => {
    const result = await client.callTool({
      name: 'fixture_echo',
      arguments: { text: 'hi' },
    });
    assert.equal(result.isError, undefined);
    assert.deepEqual(result.structuredContent, { text: 'hi', caller: null });

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.equal(
      metricValue(metrics, 'mcp_tool_invocations_total', {
        ...labels,
        tool_name: 'fixture_echo',
        status: 'success',
      }),
      1,
    );
    assert.equal(
      metricValue(metrics, 'mcp_tool_duration_seconds_count', {
        ...labels,
        tool_name: 'fixture_echo',
      }),
      1,
    );
    assert.equal(
      metricValue(metrics, 'mcp_llm_tokens_total', {
        ...labels,
        model: 'test-model',
        direction: 'input',
      }),
      12,
    );
  });

  it('rejects invalid arguments before the tool runs', async () => {
    const result = await client.callTool({
      name: 'fixture_echo',
      arguments: { text: 42 },
    });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /Input validation error/);
  });

  it('returns input errors to the model and hides internal ones, logging them redacted', async () => {
    const bad = await client.callTool({
      name: 'fixture_bad_input',
      arguments: {},
    });
    assert.equal(bad.isError, true);
    assert.equal(
      textOf(bad),
      'Account acc_9 does not exist; list accounts first.',
    );

    const crash = await client.callTool({
      name: 'fixture_crash',
      arguments: {},
    });
    assert.equal(crash.isError, true);
    assert.match(
      textOf(crash),
      /^Internal error in tool "fixture_crash" \(request \d+\)/,
    );
    assert.doesNotMatch(textOf(crash), /upstream/);

    const logged = server.logs.find(line => line.msg === 'tool failed');
    assert.ok(logged);
    const error = logged.error as { message: string };
    assert.match(error.message, /Bearer \[REDACTED\]/);
    assert.doesNotMatch(JSON.stringify(server.logs), /abcdefghijklmnop/);
  });

  it('logs every call as one JSON line with outcome and duration', async () => {
    await client.callTool({
      name: 'fixture_echo',
      arguments: { text: 'log me' },
    });
    const line = server.logs.findLast(
      l => l.msg === 'tool call' && l.tool === 'fixture_echo',
    );
    assert.ok(line);
    assert.equal(line.level, 'info');
    assert.equal(line.status, 'success');
    assert.equal(typeof line.durationMs, 'number');
  });

  it('serves health, readiness and metrics, and refuses GET on /mcp', async () => {
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
    const metrics = await fetch(`${server.url}/metrics`);
    assert.equal(metrics.status, 200);
    const get = await fetch(server.mcpUrl);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
  });

  it('refuses a foreign Host header (DNS rebinding) and foreign browser origins', async () => {
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/list',
    });
    const headers = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    // fetch() will not send a Host header of our choosing; node:http will, as an attacker's page would.
    const rebinding = await postRaw(
      server.mcpUrl,
      { ...headers, host: 'attacker.example' },
      body,
    );
    assert.equal(rebinding.status, 403);
    assert.match(rebinding.body, /Invalid Host: attacker\.example/);
    const crossSite = await postRaw(
      server.mcpUrl,
      { ...headers, origin: 'https://attacker.example' },
      body,
    );
    assert.equal(crossSite.status, 403);
    assert.match(crossSite.body, /Origin not allowed/);
  });
});

describe('rate limiting', () => {
  it('refuses calls over the per-tool limit with a tool error saying when to retry', async () => {
    const server = await startTestServer(
      { RATE_LIMIT_PER_MINUTE: '2' },
      { tools: fixtureTools },
    );
    const client = await connectClient(server.mcpUrl);
    try {
      const call = () =>
        client.callTool({ name: 'fixture_echo', arguments: { text: 'x' } });
      assert.equal((await call()).isError, undefined);
      assert.equal((await call()).isError, undefined);
      const limited = await call();
      assert.equal(limited.isError, true);
      assert.match(
        textOf(limited),
        /^Rate limit exceeded for tool "fixture_echo": at most 2 calls per minute\. Retry in \d+ s\.$/,
      );
      assert.ok(Number(limited._meta?.['mcp-platform.io/retry-after-ms']) > 0);
      // Other tools have their own bucket.
      const other = await client.callTool({
        name: 'fixture_bad_input',
        arguments: {},
      });
      assert.doesNotMatch(textOf(other), /Rate limit/);

      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      assert.equal(
        metricValue(metrics, 'mcp_tool_invocations_total', {
          tool_name: 'fixture_echo',
          status: 'rate_limited',
        }),
        1,
      );
    } finally {
      await client.close();
      await server.close();
    }
  });
});

describe('browser origins', () => {
  it('answers CORS for an allowed origin', async () => {
    const server = await startTestServer({
      MCP_ALLOWED_ORIGINS: 'https://inspector.example',
    });
    try {
      const preflight = await fetch(server.mcpUrl, {
        method: 'OPTIONS',
        headers: { origin: 'https://inspector.example' },
      });
      assert.equal(preflight.status, 204);
      assert.equal(
        preflight.headers.get('access-control-allow-origin'),
        'https://inspector.example',
      );
      const client = await connectClient(server.mcpUrl, {
        origin: 'https://inspector.example',
      });
      assert.ok((await client.listTools()).tools.length > 0);
      await client.close();
    } finally {
      await server.close();
    }
  });
});
