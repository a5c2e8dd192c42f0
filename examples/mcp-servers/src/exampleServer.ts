import { createMcpExpressApp } from '@modelcontextprotocol/express';
import { toNodeHandler } from '@modelcontextprotocol/node';
import {
  CacheHint,
  McpServer,
  ServerCapabilities,
  createMcpHandler,
  legacyStatelessFallback,
} from '@modelcontextprotocol/server';
import { SSEServerTransport } from '@modelcontextprotocol/server-legacy/sse';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExampleTool, registerInstrumentedTools } from './exampleTool';
import { ToolMetrics } from './toolMetrics';

/**
 * An MCP revision an example server can speak on `/mcp`. `2026-07-28` is the stateless revision
 * (`server/discover`, a `_meta` envelope on every request, no `initialize`); `2025-11-25` stands
 * for the 2025 era, whose `initialize` handshake also negotiates the older revisions
 * (2025-06-18, 2025-03-26, 2024-11-05) down from it.
 */
export type McpProtocolRevision = '2026-07-28' | '2025-11-25';

/** What an example server offers; state lives in the closures of its tools. */
export interface ExampleServerDefinition {
  name: string;
  title: string;
  version: string;
  /** The owning team (catalog group name), used as a metrics label. */
  team: string;
  instructions: string;
  /**
   * The revisions served on `/mcp`, newest first. A server without `2025-11-25` refuses
   * `initialize` with the unsupported-protocol-version error; one without `2026-07-28` answers
   * as a 2025 server does, so a client that probes with `server/discover` falls back to
   * `initialize`.
   */
  revisions: readonly McpProtocolRevision[];
  /** Whether the deprecated HTTP+SSE transport (2025 era only) is served at `/sse`. */
  sse: boolean;
  tools: ExampleTool[];
  /** Registers prompts and resources. */
  registerExtras?: (server: McpServer) => void;
}

/** A started example server. */
export interface RunningExampleServer {
  name: string;
  /** Streamable HTTP endpoint. */
  url: string;
  revisions: readonly McpProtocolRevision[];
  sse: boolean;
  /** Legacy HTTP+SSE endpoint; only set when the server serves it. */
  sseUrl?: string;
  metricsUrl: string;
  metrics: ToolMetrics;
  close(): Promise<void>;
}

/** One line for start-up logs: where a server listens and what it speaks. */
export function describeExampleServer(server: RunningExampleServer): string {
  const sse = server.sseUrl ? `, HTTP+SSE at ${server.sseUrl}` : '';
  return `example MCP server ${server.name.padEnd(20)} ${
    server.url
  }  (MCP ${server.revisions.join(' and ')}${sse}; metrics ${
    server.metricsUrl
  })`;
}

/**
 * The examples' lists never change while they run, so 2026-07-28 clients may cache them (and
 * share the cache: the lists are the same for every caller). Resource contents stay uncached.
 */
const LIST_CACHE_HINT: CacheHint = { ttlMs: 5 * 60_000, cacheScope: 'public' };

function jsonRpcError(
  res: { status(code: number): { json(body: unknown): unknown } },
  status: number,
  message: string,
) {
  res
    .status(status)
    .json({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });
}

function checkRevisions(definition: ExampleServerDefinition) {
  const { name, revisions, sse } = definition;
  if (revisions.length === 0 || new Set(revisions).size !== revisions.length)
    throw new Error(
      `Example server ${name}: revisions must list 2026-07-28 and/or 2025-11-25 once each, got [${revisions.join(
        ', ',
      )}]`,
    );
  if (sse && !revisions.includes('2025-11-25'))
    throw new Error(
      `Example server ${name}: the HTTP+SSE transport carries only the 2025 era; add 2025-11-25 to revisions or set sse to false`,
    );
}

/**
 * The `/mcp` entry for a set of revisions. Every request gets a fresh server from `factory`, so
 * the endpoint holds no sessions and any replica can answer.
 */
function createRevisionEndpoint(
  revisions: readonly McpProtocolRevision[],
  factory: () => McpServer,
) {
  if (revisions.includes('2026-07-28')) {
    return createMcpHandler(factory, {
      legacy: revisions.includes('2025-11-25') ? 'stateless' : 'reject',
    });
  }
  // The 2025 era alone: without the modern entry in front, `server/discover` and 2026-07-28
  // requests get the answer any 2025 server gives them.
  return { fetch: legacyStatelessFallback(factory), close: async () => {} };
}

/**
 * Serves an example MCP server over Streamable HTTP at `/mcp` in the revisions it declares and,
 * when it declares `sse`, over the deprecated HTTP+SSE transport at `/sse`, with `/metrics` and
 * `/healthz`. Requests whose Host or Origin is not localhost are refused when bound to localhost
 * (DNS-rebinding protection).
 */
export async function startExampleServer(
  definition: ExampleServerDefinition,
  options: { port?: number; host?: string; metrics?: ToolMetrics } = {},
): Promise<RunningExampleServer> {
  checkRevisions(definition);
  const host = options.host ?? '127.0.0.1';
  const metrics =
    options.metrics ??
    new ToolMetrics({ server: definition.name, team: definition.team });

  const createMcpServer = () => {
    const server = new McpServer(
      {
        name: definition.name,
        title: definition.title,
        version: definition.version,
      },
      {
        instructions: definition.instructions,
        // 2025-era clients may set a log level; the tools log nothing today.
        capabilities: { logging: {} },
        cacheHints: {
          'server/discover': LIST_CACHE_HINT,
          'tools/list': LIST_CACHE_HINT,
          'prompts/list': LIST_CACHE_HINT,
          'resources/list': LIST_CACHE_HINT,
          'resources/templates/list': LIST_CACHE_HINT,
        },
      },
    );
    registerInstrumentedTools(server, metrics, definition.tools);
    definition.registerExtras?.(server);
    // Nothing is added or removed at run time: promise no list_changed notifications.
    const declared = server.server.getCapabilities();
    const lists: ServerCapabilities = {};
    if (declared.tools) lists.tools = { listChanged: false };
    if (declared.prompts) lists.prompts = { listChanged: false };
    if (declared.resources)
      lists.resources = { ...declared.resources, listChanged: false };
    server.server.registerCapabilities(lists);
    return server;
  };

  // Host and Origin validation (DNS-rebinding protection) come with the app for localhost
  // binds; 4 MB is the SDK's own request limit (summaries take long texts).
  const app = createMcpExpressApp({ host, jsonLimit: '4mb' });

  const endpoint = createRevisionEndpoint(
    definition.revisions,
    createMcpServer,
  );
  const serveMcp = toNodeHandler(endpoint);
  app.all('/mcp', (req, res) => {
    serveMcp(req, res, req.body).catch(() => {
      if (!res.headersSent) jsonRpcError(res, 500, 'Internal server error');
    });
  });

  const sseSessions = new Map<string, SSEServerTransport>();
  if (definition.sse) {
    app.get('/sse', async (_req, res) => {
      const transport = new SSEServerTransport('/messages', res);
      sseSessions.set(transport.sessionId, transport);
      const server = createMcpServer();
      res.on('close', () => {
        sseSessions.delete(transport.sessionId);
        server.close().catch(() => {});
      });
      await server.connect(transport);
    });
    app.post('/messages', async (req, res) => {
      const transport = sseSessions.get(String(req.query.sessionId ?? ''));
      if (!transport) {
        jsonRpcError(res, 404, 'Unknown or expired SSE session');
        return;
      }
      await transport.handlePostMessage(req, res, req.body);
    });
  } else {
    app.all(['/sse', '/messages'], (_req, res) =>
      jsonRpcError(
        res,
        404,
        `${definition.name} does not serve the deprecated HTTP+SSE transport; use Streamable HTTP at /mcp`,
      ),
    );
  }

  app.get('/metrics', async (_req, res) => {
    res
      .type(metrics.registry.contentType)
      .send(await metrics.registry.metrics());
  });
  app.get('/healthz', (_req, res) => {
    res.json({
      status: 'ok',
      server: definition.name,
      version: definition.version,
      revisions: definition.revisions,
    });
  });

  const httpServer = await new Promise<HttpServer>((resolve, reject) => {
    const s = app.listen(options.port ?? 0, host, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = httpServer.address() as AddressInfo;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    name: definition.name,
    url: `${base}/mcp`,
    revisions: definition.revisions,
    sse: definition.sse,
    sseUrl: definition.sse ? `${base}/sse` : undefined,
    metricsUrl: `${base}/metrics`,
    metrics,
    close: async () => {
      await endpoint.close();
      for (const transport of sseSessions.values()) await transport.close();
      await new Promise<void>(resolve => {
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      });
    },
  };
}
