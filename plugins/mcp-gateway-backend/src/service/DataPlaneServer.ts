import { LoggerService } from '@backstage/backend-plugin-api';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { McpEndpoint, scopeOfPath } from './McpEndpoint';
import { RequestGuard } from './RequestGuard';
import {
  PROTECTED_RESOURCE_PREFIX,
  ProtectedResourceMetadata,
} from './createWellKnownRouter';

/** The path prefix of the gateway's routes, as on Backstage's listener. */
const GATEWAY_PREFIX = '/api/mcp-gateway';

/** Headers a browser MCP client may send, besides the `Mcp-Param-*` ones it names itself. */
const ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'last-event-id',
  'mcp-protocol-version',
  'mcp-session-id',
  'mcp-method',
  'mcp-name',
];
const EXPOSED_HEADERS = 'mcp-session-id, www-authenticate, retry-after';

/** A running data-plane listener. */
export interface DataPlaneServer {
  port: number;
  close(): Promise<void>;
}

function notFound(res: ServerResponse, message: string) {
  res
    .writeHead(404, { 'content-type': 'application/json' })
    .end(JSON.stringify({ error: { name: 'NotFoundError', message } }));
}

/**
 * The gateway's data plane on a port of its own (`mcpGateway.dataPlane.listen`): the MCP
 * endpoints, their RFC 9728 metadata and a health check, on Node's HTTP server with nothing in
 * front. Backstage's listener runs every request through its middleware (security headers,
 * CORS, compression, request logging, rate limiting, the plugin router's credential barrier),
 * which on its own costs about as much CPU as the whole budget of a relayed tool call; a
 * platform that routes agent traffic through the gateway points it here instead, and can scale
 * this port apart from the portal. Paths are the same as on Backstage's listener.
 */
export async function startDataPlaneServer(options: {
  host?: string;
  port: number;
  endpoint: McpEndpoint;
  guard: RequestGuard;
  metadata: (path: string) => Promise<ProtectedResourceMetadata>;
  logger: LoggerService;
}): Promise<DataPlaneServer> {
  const { endpoint, guard, logger } = options;

  const cors = async (req: IncomingMessage, res: ServerResponse) => {
    const origin = req.headers.origin;
    if (!origin || !(await guard.allowsOrigin(origin))) return false;
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
    res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
    return true;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const pathname = query === -1 ? url : url.slice(0, query);
    if (req.method === 'OPTIONS') {
      req.resume();
      if (!(await cors(req, res))) {
        res.writeHead(403).end();
        return;
      }
      const requested = String(
        req.headers['access-control-request-headers'] ?? '',
      )
        .split(',')
        .map(h => h.trim().toLowerCase())
        .filter(h => ALLOWED_HEADERS.includes(h) || h.startsWith('mcp-param-'));
      res
        .writeHead(204, {
          'access-control-allow-methods': 'GET, POST, DELETE',
          'access-control-allow-headers': [
            ...new Set([...ALLOWED_HEADERS, ...requested]),
          ].join(', '),
          'access-control-max-age': '600',
        })
        .end();
      return;
    }
    if (pathname.startsWith(GATEWAY_PREFIX)) {
      const path = pathname.slice(GATEWAY_PREFIX.length);
      if (path === '/health' && req.method === 'GET') {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"status":"ok"}');
        return;
      }
      const scope = scopeOfPath(path);
      if (scope) {
        if (!['POST', 'GET', 'DELETE'].includes(req.method ?? '')) {
          req.resume();
          res
            .writeHead(405, {
              allow: 'GET, POST, DELETE',
              'content-type': 'application/json',
            })
            .end(
              JSON.stringify({
                jsonrpc: '2.0',
                error: { code: -32000, message: 'Method not allowed' },
                id: null,
              }),
            );
          return;
        }
        await cors(req, res);
        await endpoint.serve(req, res, scope, path, guard);
        return;
      }
    }
    if (
      req.method === 'GET' &&
      (pathname === PROTECTED_RESOURCE_PREFIX ||
        pathname.startsWith(`${PROTECTED_RESOURCE_PREFIX}/`))
    ) {
      await cors(req, res);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(
          JSON.stringify(
            await options.metadata(
              pathname.slice(PROTECTED_RESOURCE_PREFIX.length),
            ),
          ),
        );
      return;
    }
    req.resume();
    notFound(
      res,
      `No MCP gateway route at ${pathname}; the endpoints are ${GATEWAY_PREFIX}/v1/mcp, ${GATEWAY_PREFIX}/v1/servers/<namespace>/<name>/mcp and ${GATEWAY_PREFIX}/v1/profiles/<profile>/mcp`,
    );
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(error => {
      logger.error(`MCP gateway data plane request failed: ${error}`);
      if (!res.headersSent)
        res.writeHead(500, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            jsonrpc: '2.0',
            error: { code: -32603, message: 'The MCP gateway failed' },
            id: null,
          }),
        );
      else res.destroy();
    });
  });
  // Agents keep connections open between calls; a socket is not closed under them.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  logger.info(
    `MCP gateway data plane listening on ${options.host ?? '*'}:${port}`,
  );
  return {
    port,
    close: () =>
      new Promise<void>(resolve => {
        server.closeIdleConnections();
        server.close(() => resolve());
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      }),
  };
}
