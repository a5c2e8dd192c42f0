import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { AddressInfo } from 'node:net';
import { ExampleTool, registerInstrumentedTools } from './exampleTool';
import { ToolMetrics } from './toolMetrics';

/** What an example server offers; state lives in the closures of its tools. */
export interface ExampleServerDefinition {
  name: string;
  title: string;
  version: string;
  /** The owning team (catalog group name), used as a metrics label. */
  team: string;
  instructions: string;
  tools: ExampleTool[];
  /** Registers prompts and resources. */
  registerExtras?: (server: McpServer) => void;
}

/** A started example server. */
export interface RunningExampleServer {
  name: string;
  /** Streamable HTTP endpoint. */
  url: string;
  /** Legacy HTTP+SSE endpoint. */
  sseUrl: string;
  metricsUrl: string;
  metrics: ToolMetrics;
  close(): Promise<void>;
}

function jsonRpcError(
  res: { status(code: number): { json(body: unknown): unknown } },
  status: number,
  message: string,
) {
  res
    .status(status)
    .json({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });
}

/**
 * Serves an example MCP server over Streamable HTTP (stateless: one server instance per request,
 * so any replica can answer) and over the legacy HTTP+SSE transport, with `/metrics` and `/healthz`.
 */
export async function startExampleServer(
  definition: ExampleServerDefinition,
  options: { port?: number; host?: string; metrics?: ToolMetrics } = {},
): Promise<RunningExampleServer> {
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
      { instructions: definition.instructions },
    );
    registerInstrumentedTools(server, metrics, definition.tools);
    definition.registerExtras?.(server);
    return server;
  };

  // Host-header validation (DNS-rebinding protection) comes with the SDK's app for localhost.
  const app = createMcpExpressApp({ host });

  app.post('/mcp', async (req, res) => {
    const server = createMcpServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
    });
    res.on('close', () => {
      transport.close().catch(() => {});
      server.close().catch(() => {});
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    } catch {
      if (!res.headersSent) jsonRpcError(res, 500, 'Internal server error');
    }
  });
  const methodNotAllowed =
    'Method not allowed: this server is stateless, use POST';
  app.get('/mcp', (_req, res) => jsonRpcError(res, 405, methodNotAllowed));
  app.delete('/mcp', (_req, res) => jsonRpcError(res, 405, methodNotAllowed));

  const sseSessions = new Map<string, SSEServerTransport>();
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
    });
  });

  const httpServer = await new Promise<import('node:http').Server>(
    (resolve, reject) => {
      const s = app.listen(options.port ?? 0, host, () => resolve(s));
      s.once('error', reject);
    },
  );
  const { port } = httpServer.address() as AddressInfo;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    name: definition.name,
    url: `${base}/mcp`,
    sseUrl: `${base}/sse`,
    metricsUrl: `${base}/metrics`,
    metrics,
    close: () =>
      new Promise<void>(resolve => {
        for (const transport of sseSessions.values()) transport.close();
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}
