import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { serverInfo } from '../src/serverInfo.js';
import { tools as templateTools } from '../src/tools/index.js';
import {
  connectClient,
  ERAS,
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

for (const era of ERAS) {
  describe(`MCP server over Streamable HTTP, ${era} era`, () => {
    let server: Awaited<ReturnType<typeof startTestServer>>;
    let client: Awaited<ReturnType<typeof connectClient>>;

    before(async () => {
      server = await startTestServer();
      client = await connectClient(server.mcpUrl, { era });
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
      // An anonymous caller is known by its address, which is also its rate-limit bucket.
      assert.equal(line.peer, '127.0.0.1');
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
}

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
        /^Rate limit exceeded for tool "fixture_echo": at most 2 calls per minute per caller\. Retry in \d+ s\.$/,
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

const MODERN = '2026-07-28';
const modernMeta = {
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientInfo': { name: 'raw-test', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** A raw 2026-07-28 request: the `_meta` envelope and the standard headers a client sends. */
async function postModern(
  mcpUrl: string,
  method: string,
  params: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const response = await fetch(mcpUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': MODERN,
      'mcp-method': method,
      ...(typeof params.name === 'string' ? { 'mcp-name': params.name } : {}),
      ...headers,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 7,
      method,
      params: { ...params, _meta: modernMeta },
    }),
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      result?: Record<string, unknown>;
      error?: { code: number; message: string };
    },
  };
}

describe('both protocol revisions on one endpoint', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  it('answers server/discover (2026-07-28) with its revisions, honest capabilities and cache hints', async () => {
    const { status, body } = await postModern(server.mcpUrl, 'server/discover');
    assert.equal(status, 200);
    const result = body.result as {
      supportedVersions: string[];
      capabilities: { tools?: { listChanged?: boolean }; logging?: object };
      ttlMs: number;
      cacheScope: string;
      _meta: Record<string, { name: string }>;
    };
    assert.ok(result.supportedVersions.includes(MODERN));
    // The tool list never changes while the process runs.
    assert.deepEqual(result.capabilities.tools, { listChanged: false });
    assert.ok(result.capabilities.logging);
    assert.equal(
      result._meta['io.modelcontextprotocol/serverInfo']?.name,
      serverInfo.name,
    );
    assert.deepEqual([result.ttlMs, result.cacheScope], [300_000, 'public']);

    const tools = await postModern(server.mcpUrl, 'tools/list');
    assert.deepEqual(
      [tools.body.result?.ttlMs, tools.body.result?.cacheScope],
      [300_000, 'public'],
    );
  });

  it('refuses a 2026-07-28 request whose Mcp-Method header disagrees with its body', async () => {
    const { status, body } = await postModern(
      server.mcpUrl,
      'tools/list',
      {},
      { 'mcp-method': 'prompts/list' },
    );
    assert.equal(status, 400);
    assert.equal(body.error?.code, -32020);
  });

  it('answers the 2025-11-25 initialize handshake statelessly, without a session', async () => {
    const response = await fetch(server.mcpUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-11-25',
          capabilities: {},
          clientInfo: { name: 'raw-test', version: '1.0.0' },
        },
      }),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('mcp-session-id'), null);
    const text = await response.text();
    assert.match(text, /"protocolVersion":"2025-11-25"/);
  });

  it('lets a 2025-era client set the log level it wants', async () => {
    const client = await connectClient(server.mcpUrl, { era: 'legacy' });
    try {
      assert.deepEqual(await client.setLoggingLevel('warning'), {});
    } finally {
      await client.close();
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
        headers: { origin: 'https://inspector.example' },
      });
      assert.ok((await client.listTools()).tools.length > 0);
      await client.close();
    } finally {
      await server.close();
    }
  });

  const listToolsFrom = (mcpUrl: string, origin: string) =>
    postRaw(
      mcpUrl,
      {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        origin,
      },
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    );

  it('on loopback, accepts pages served from this machine and refuses any other', async () => {
    const server = await startTestServer();
    try {
      for (const origin of [
        'http://localhost:5173',
        'http://127.0.0.1:6274',
        'https://[::1]',
      ]) {
        assert.equal(
          (await listToolsFrom(server.mcpUrl, origin)).status,
          200,
          origin,
        );
      }
      for (const origin of [
        'https://localhost.attacker.example',
        'null',
        'file://localhost',
      ]) {
        assert.equal(
          (await listToolsFrom(server.mcpUrl, origin)).status,
          403,
          origin,
        );
      }
    } finally {
      await server.close();
    }
  });

  it('beyond loopback, accepts only the configured origins', async () => {
    const server = await startTestServer({
      HOST: '0.0.0.0',
      MCP_ALLOWED_HOSTS: '127.0.0.1',
      MCP_ALLOWED_ORIGINS: 'https://inspector.example',
    });
    const mcpUrl = server.mcpUrl.replace('0.0.0.0', '127.0.0.1');
    try {
      assert.equal(
        (await listToolsFrom(mcpUrl, 'https://inspector.example')).status,
        200,
      );
      assert.equal(
        (await listToolsFrom(mcpUrl, 'http://localhost:5173')).status,
        403,
      );
      assert.equal(
        (await listToolsFrom(mcpUrl, 'https://inspector.example:8443')).status,
        403,
      );
    } finally {
      await server.close();
    }
  });
});
