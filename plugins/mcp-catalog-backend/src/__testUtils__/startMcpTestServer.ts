import {
  createMcpHandler,
  legacyStatelessFallback,
  McpServer,
} from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { z } from 'zod';

/** Which MCP revisions a test server speaks. */
export type TestServerRevisions = 'both' | '2026-07-28' | '2025-11-25';

/** A request the test server received. */
export interface ReceivedRequest {
  httpMethod: string;
  path: string;
  /** The JSON-RPC method of a POST, when there is one. */
  method?: string;
  headers: http.IncomingHttpHeaders;
}

/** A started test server. */
export interface McpTestServer {
  url: string;
  origin: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * A real MCP server (SDK v2) on a random loopback port, speaking the given revisions on `/mcp`,
 * that records every request it gets. `intercept` may answer a request itself first (to play a
 * hostile or broken server); it returns true when it did.
 */
export async function startMcpTestServer(
  options: {
    revisions?: TestServerRevisions;
    name?: string;
    tools?: string[];
    /** Descriptions of tools, by name; default "The <name> tool." */
    descriptions?: Record<string, string>;
    /**
     * Holds the answer to a JSON-RPC method until the returned promise settles (a test releases
     * it once it has seen what happens meanwhile); undefined answers at once.
     */
    holdUntil?: (method: string | undefined) => Promise<unknown> | undefined;
    host?: string;
    /** Port to listen on; a random free one by default. */
    port?: number;
    intercept?: (
      req: http.IncomingMessage,
      res: http.ServerResponse,
      body: string,
    ) => boolean;
  } = {},
): Promise<McpTestServer> {
  const revisions = options.revisions ?? 'both';
  const factory = () => {
    const server = new McpServer(
      { name: options.name ?? 'test-server', version: '1.0.0' },
      { instructions: `Speaks ${revisions}.` },
    );
    for (const tool of options.tools ?? ['echo']) {
      server.registerTool(
        tool,
        {
          description: options.descriptions?.[tool] ?? `The ${tool} tool.`,
          inputSchema: z.object({ text: z.string() }),
          annotations: { readOnlyHint: true },
        },
        async ({ text }) => ({ content: [{ type: 'text', text }] }),
      );
    }
    return server;
  };
  const handler =
    revisions === '2025-11-25'
      ? { fetch: legacyStatelessFallback(factory) }
      : createMcpHandler(factory, {
          legacy: revisions === 'both' ? 'stateless' : 'reject',
        });
  const node = toNodeHandler(handler as Parameters<typeof toNodeHandler>[0]);
  const received: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let method: string | undefined;
      try {
        method = body ? JSON.parse(body).method : undefined;
      } catch {
        method = undefined;
      }
      received.push({
        httpMethod: req.method ?? '',
        path: req.url ?? '',
        method,
        headers: req.headers,
      });
      if (options.intercept?.(req, res, body)) return;
      if (!req.url?.startsWith('/mcp')) {
        res.writeHead(404).end();
        return;
      }
      const answer = () =>
        void node(req, res, body ? JSON.parse(body) : undefined);
      const held = options.holdUntil?.(method);
      if (held) void held.finally(answer);
      else answer();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;
  return {
    url: `${origin}/mcp`,
    origin,
    received,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A loopback port nobody listens on (taken from the OS, then released): a catalogued server's
 * address before it is deployed there.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>(resolve => probe.listen(0, host, resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>(resolve => probe.close(() => resolve()));
  return port;
}
