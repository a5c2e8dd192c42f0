import { mockServices } from '@backstage/backend-test-utils';
import {
  SsrfGuard,
  UpstreamCredentials,
} from '@mcp-platform/plugin-mcp-catalog-node';
import { ProtocolError, SdkHttpError } from '@modelcontextprotocol/client';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { GatewayServer } from '../catalog/GatewayCatalog';
import { GatewayMetrics } from '../metrics/GatewayMetrics';
import { Upstream } from './Upstream';

jest.setTimeout(120_000);

/*
 * The direct tool call (wireToolCall.ts) against the SDK client's callTool, on the same
 * upstream, in both eras: the upstream must receive the same request (headers and body, the id
 * aside), and the caller must get the same result or the same error, for ordinary answers and
 * for the odd ones an upstream may give (crafted by the test server below).
 */

/** A request the test server received. */
interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** Answers the test server crafts instead of the SDK's, by the `tamper` argument of `echo`. */
function tampered(
  mode: string,
  id: unknown,
  modern: boolean,
): { status: number; type?: string; body: string } | undefined {
  const rt = modern ? { resultType: 'complete' } : {};
  const json = (body: unknown, status = 200) => ({
    status,
    type: 'application/json',
    body: JSON.stringify(body),
  });
  switch (mode) {
    case 'http-500':
      return { status: 500, type: 'text/plain', body: 'upstream exploded' };
    case 'http-404':
      return { status: 404, type: 'text/plain', body: 'no such session' };
    case 'rpc-error':
      return json({
        jsonrpc: '2.0',
        id,
        error: { code: -32001, message: 'custom failure', data: { a: 1 } },
      });
    case 'not-object':
      return json({ jsonrpc: '2.0', id, result: 5 });
    case 'bad-content':
      return json({ jsonrpc: '2.0', id, result: { ...rt, content: 'x' } });
    case 'no-content':
      return json({
        jsonrpc: '2.0',
        id,
        result: { ...rt, structuredContent: { a: 1 } },
      });
    case 'no-result-type':
      return json({
        jsonrpc: '2.0',
        id,
        result: { content: [{ type: 'text', text: 'hi' }] },
      });
    case 'input-required':
      return json({
        jsonrpc: '2.0',
        id,
        result: { resultType: 'input_required', requestState: 'abc' },
      });
    case 'bad-structured':
      return json({
        jsonrpc: '2.0',
        id,
        result: {
          ...rt,
          content: [{ type: 'text', text: 'x' }],
          structuredContent: { n: 'x' },
        },
      });
    case 'wrong-type':
      return { status: 200, type: 'text/html', body: '<html></html>' };
    case 'sse-with-request':
      return {
        status: 200,
        type: 'text/event-stream',
        body: [
          `event: message\ndata: ${JSON.stringify({
            jsonrpc: '2.0',
            method: 'notifications/message',
            params: { level: 'info', data: 'working' },
          })}\n\n`,
          `event: message\ndata: ${JSON.stringify({
            jsonrpc: '2.0',
            id: 'srv-1',
            method: 'roots/list',
          })}\n\n`,
          `event: message\ndata: ${JSON.stringify({
            jsonrpc: '2.0',
            id,
            result: { ...rt, content: [{ type: 'text', text: 'via sse' }] },
          })}\n\n`,
        ].join(''),
      };
    default:
      return undefined;
  }
}

async function startUpstream() {
  const received: Received[] = [];
  let cancelled: unknown[] = [];
  const factory = () => {
    const server = new McpServer(
      { name: 'wire-test', version: '1.0.0' },
      { capabilities: { logging: {} } },
    );
    server.registerTool(
      'echo',
      {
        description: 'Echoes.',
        inputSchema: z.object({
          text: z.string(),
          tamper: z.string().optional(),
        }),
      },
      async ({ text }) => ({ content: [{ type: 'text', text }] }),
    );
    server.registerTool(
      'fails',
      { description: 'Fails.', inputSchema: z.object({}) },
      async () => ({
        content: [{ type: 'text', text: 'it failed' }],
        isError: true,
      }),
    );
    server.registerTool(
      'structured',
      {
        description: 'Structured.',
        inputSchema: z.object({ n: z.number(), tamper: z.string().optional() }),
        outputSchema: z.object({ n: z.number() }),
      },
      async ({ n }) => ({
        content: [{ type: 'text', text: String(n) }],
        structuredContent: { n },
      }),
    );
    server.registerTool(
      'chatty',
      { description: 'Logs, then answers.', inputSchema: z.object({}) },
      async (_args, ctx) => {
        await ctx.mcpReq.log('info', 'step one');
        return { content: [{ type: 'text', text: 'done' }] };
      },
    );
    server.registerTool(
      'wait',
      { description: 'Waits until cancelled.', inputSchema: z.object({}) },
      async (_args, ctx) =>
        new Promise(resolve => {
          const timer = setTimeout(
            () => resolve({ content: [{ type: 'text', text: 'late' }] }),
            30_000,
          );
          ctx.mcpReq.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            cancelled.push(ctx.mcpReq.signal.reason);
            resolve({ content: [{ type: 'text', text: 'cancelled' }] });
          });
        }),
    );
    return server;
  };
  const both = toNodeHandler(
    createMcpHandler(factory, { legacy: 'stateless' }),
  );
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString();
      const body = raw ? JSON.parse(raw) : undefined;
      received.push({ path: req.url ?? '', headers: req.headers, body });
      if (body?.method === 'notifications/cancelled')
        cancelled.push(body.params);
      const legacyOnly = req.url === '/legacy';
      const modernRequest =
        body?.params?._meta?.['io.modelcontextprotocol/protocolVersion'] !==
        undefined;
      // The legacy-only endpoint answers 2026 requests as any 2025 server does.
      if (legacyOnly && (body?.method === 'server/discover' || modernRequest)) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            jsonrpc: '2.0',
            id: body.id,
            error: { code: -32601, message: 'Method not found' },
          }),
        );
        return;
      }
      const crafted =
        body?.method === 'tools/call' && body.params?.arguments?.tamper
          ? tampered(body.params.arguments.tamper, body.id, !legacyOnly)
          : undefined;
      if (crafted) {
        res
          .writeHead(crafted.status, { 'content-type': crafted.type })
          .end(crafted.body);
        return;
      }
      // A 2025 server with sessions: the initialize answer names one.
      if (legacyOnly && body?.method === 'initialize')
        res.setHeader('mcp-session-id', 'session-42');
      void both(req, res, body);
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    cancelledSeen: () => cancelled,
    resetCancelled: () => {
      cancelled = [];
    },
    close: () =>
      new Promise<void>(r => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function upstreamFor(url: string, directCalls: boolean, guard: SsrfGuard) {
  const server: GatewayServer = {
    ref: 'api:default/wire-test',
    namespace: 'default',
    name: 'wire-test',
    alias: 'wire-test',
    remotes: [{ type: 'streamable-http', url }],
    profiles: [],
    discoveryStatus: 'ok',
    tools: new Map(),
    version: '1',
  };
  return new Upstream(server, {
    guard,
    credentials: UpstreamCredentials.fromConfig(undefined, 'credentials'),
    maxResponseBytes: 1024 * 1024,
    settings: {
      callTimeoutMs: 10_000,
      connectTimeoutMs: 5_000,
      maxConcurrency: 8,
      maxQueued: 8,
      listCacheMs: 60_000,
      listStaleMs: 0,
      retryAttempts: 1,
    },
    breaker: {
      consecutiveFailures: 1000,
      failureRatio: 1,
      minimumCalls: 1000,
      windowMs: 60_000,
      openMs: 1000,
    },
    metrics: new GatewayMetrics(new Registry()),
    logger: mockServices.logger.mock(),
    directCalls,
  });
}

/**
 * What a caller sees of a call: the result, or the error. The upstream's own errors (JSON-RPC
 * errors, HTTP statuses) must come out alike, class, code, data and words; an answer that cannot
 * be read is a "malformed" failure either way (the SDK throws a zod or SDK error, with its own
 * words; the gateway treats both alike: a transport failure, described in its own words).
 */
async function outcome(work: Promise<unknown>) {
  try {
    return { result: await work };
  } catch (error) {
    const e = error as Error & {
      code?: unknown;
      status?: unknown;
      data?: unknown;
    };
    const status = e instanceof SdkHttpError ? e.status : undefined;
    if (!(e instanceof ProtocolError) && !(e instanceof SdkHttpError))
      return { error: { kind: 'malformed' } };
    return {
      error: {
        kind: e instanceof ProtocolError ? 'protocol' : 'http',
        class: e.constructor.name,
        code: e.code,
        status,
        data: e.data,
        message: e.message,
      },
    };
  }
}

/** The parts of a forwarded tools/call that must match (the JSON-RPC id aside). */
function shapeOf(request: Received) {
  const h = request.headers;
  return {
    path: request.path,
    headers: {
      'content-type': h['content-type'],
      accept: h.accept,
      'mcp-protocol-version': h['mcp-protocol-version'],
      'mcp-session-id': h['mcp-session-id'],
      'mcp-method': h['mcp-method'],
      'mcp-name': h['mcp-name'],
      authorization: h.authorization,
    },
    body: { ...request.body, id: typeof request.body?.id },
  };
}

/**
 * Waits for a reply to the server's own request, which may come after the call's result; for as
 * long as it takes (the test's timeout bounds it), so a loaded machine only makes it slower.
 */
async function settle(received: Received[], from: number, expected: boolean) {
  if (!expected) return;
  while (
    !received.slice(from).some(r => r.body?.id === 'srv-1' && !r.body.method)
  )
    await new Promise(r => setTimeout(r, 50));
}

const CASES: [string, string, Record<string, unknown>][] = [
  ['plain', 'echo', { text: 'hello' }],
  ['tool error', 'fails', {}],
  ['structured', 'structured', { n: 3 }],
  ['notification first', 'chatty', {}],
  ['invalid arguments at the server', 'echo', { text: 5 }],
  ['unknown tool at the server', 'nope', {}],
  ['HTTP 500', 'echo', { text: 'x', tamper: 'http-500' }],
  ['HTTP 404', 'echo', { text: 'x', tamper: 'http-404' }],
  ['JSON-RPC error with data', 'echo', { text: 'x', tamper: 'rpc-error' }],
  ['result not an object', 'echo', { text: 'x', tamper: 'not-object' }],
  ['content not a list', 'echo', { text: 'x', tamper: 'bad-content' }],
  ['no content', 'echo', { text: 'x', tamper: 'no-content' }],
  ['wrong content type', 'echo', { text: 'x', tamper: 'wrong-type' }],
  [
    'event stream with a server request',
    'echo',
    { text: 'x', tamper: 'sse-with-request' },
  ],
  [
    'structured content off schema',
    'structured',
    { n: 1, tamper: 'bad-structured' },
  ],
];

describe('direct tool calls (wireToolCall) against the SDK client', () => {
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  const guard = new SsrfGuard({ allowPrivateNetworks: true, allowedCidrs: [] });

  beforeAll(async () => {
    upstream = await startUpstream();
  });
  afterAll(async () => {
    await upstream.close();
    await guard.close();
  });

  it.each([
    ['2026-07-28', '/mcp'],
    ['2025-11-25 (with a session)', '/legacy'],
  ])(
    'sends the same requests and hands on the same answers, %s',
    async (_era, path) => {
      const legacy = path === '/legacy';
      const url = `${upstream.origin}${path}`;
      const sdk = upstreamFor(url, false, guard);
      const direct = upstreamFor(url, true, guard);
      const signal = new AbortController().signal;
      const definitions = new Map(
        (await sdk.listTools(signal)).tools.map(t => [t.name, t]),
      );
      await direct.listTools(signal);
      // A made-up definition for a tool the server does not have (the server refuses the call).
      definitions.set('nope', {
        name: 'nope',
        inputSchema: { type: 'object' },
      } as any);
      let sdkPassedOffSchema: boolean | undefined;
      const offSchemaRefusal = {
        error: expect.objectContaining({
          kind: 'protocol',
          message: expect.stringMatching(
            /Structured content does not match the tool's output schema/,
          ),
        }),
      };
      for (const [name, tool, args] of CASES) {
        const calls = (via: Upstream) =>
          outcome(
            via.callTool(tool, args, {
              signal,
              retryable: false,
              definition: definitions.get(tool),
            }),
          );
        const before = upstream.received.length;
        const expectsReply = legacy && args.tamper === 'sse-with-request';
        const viaSdk = await calls(sdk);
        await settle(upstream.received, before, expectsReply);
        const sdkRequests = upstream.received.slice(before);
        const middle = upstream.received.length;
        const viaWire = await calls(direct);
        await settle(upstream.received, middle, expectsReply);
        const wireRequests = upstream.received.slice(middle);

        const calledBySdk = sdkRequests.filter(
          r => r.body?.method === 'tools/call',
        );
        const calledByWire = wireRequests.filter(
          r => r.body?.method === 'tools/call',
        );
        expect({ name, requests: calledByWire.map(shapeOf) }).toEqual({
          name,
          requests: calledBySdk.map(shapeOf),
        });
        // Replies to the server's own requests (roots/list) match too.
        const replies = (rs: Received[]) =>
          rs.filter(r => r.body && !r.body.method).map(r => ({ ...r.body }));
        expect({ name, replies: replies(wireRequests) }).toEqual({
          name,
          replies: replies(sdkRequests),
        });
        // The one deliberate difference: off-schema structured content is refused (the SDK
        // client checks it only against tool lists in its response cache, which the gateway's
        // connections do not keep).
        const offSchema = args.tamper === 'bad-structured';
        expect({ name, ...viaWire }).toEqual({
          name,
          ...(offSchema ? offSchemaRefusal : viaSdk),
        });
        if (offSchema) sdkPassedOffSchema = 'result' in viaSdk;
      }
      expect(sdkPassedOffSchema).toBe(true);
      await sdk.close();
      await direct.close();
    },
  );

  it.each([
    ['2026-07-28', '/mcp'],
    ['2025-11-25', '/legacy'],
  ])(
    'cancels the call upstream when the caller goes away, %s',
    async (_era, path) => {
      const direct = upstreamFor(`${upstream.origin}${path}`, true, guard);
      const live = await direct.listTools(new AbortController().signal);
      const definition = live.tools.find(t => t.name === 'wait')!;
      upstream.resetCancelled();
      const controller = new AbortController();
      const call = direct
        .callTool(
          'wait',
          {},
          { signal: controller.signal, retryable: false, definition },
        )
        .catch(error => error);
      // The server has the call.
      while (
        !upstream.received.some(
          r =>
            r.body?.method === 'tools/call' &&
            r.body.params.name === 'wait' &&
            r.path === path,
        )
      )
        await new Promise(r => setTimeout(r, 20));
      controller.abort(new Error('caller went away'));
      expect(await call).toEqual(new Error('caller went away'));
      while (upstream.cancelledSeen().length === 0)
        await new Promise(r => setTimeout(r, 20));
      await direct.close();
    },
  );
});
