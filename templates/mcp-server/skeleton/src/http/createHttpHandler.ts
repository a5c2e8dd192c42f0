import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  hostHeaderValidation,
  toNodeHandler,
} from '@modelcontextprotocol/node';
import { createMcpHandler, ProtocolError } from '@modelcontextprotocol/server';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { McpServerFactory } from '../mcpServer.js';
import type { ToolMetrics } from '../metrics.js';
import { runForPeer } from '../requestPeer.js';
import { serverInfo } from '../serverInfo.js';
import {
  type AccessTokenVerifier,
  type AuthenticatedRequest,
  createBearerTokenGate,
  createJwtVerifier,
  protectedResourceMetadata,
  protectedResourceMetadataUrl,
} from './auth.js';
import { createOriginGuard } from './originValidation.js';

/** Whether the server should receive traffic; false while starting and while draining. */
export interface Readiness {
  ready: boolean;
}

/** The HTTP surface of the server, for `node:http`. */
export interface HttpHandler {
  listener: (req: IncomingMessage, res: ServerResponse) => void;
  /** Aborts the MCP exchanges still in flight; the last step of a shutdown. */
  close(): Promise<void>;
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * Reports what the SDK's handler refused or failed to serve. Refusals of malformed, mismatched
 * or unsupported requests are answered to the client, and any client can cause any number of
 * them, so they are debug lines; anything else is a server fault.
 */
function reportMcpError(logger: Logger, error: Error) {
  const refusal =
    error instanceof ProtocolError ||
    /^(Rejected |Unsupported Media Type|Parse error)/.test(error.message);
  if (refusal) logger.debug('MCP request refused', { reason: error.message });
  else logger.error('MCP request failed', { error });
}

/**
 * The HTTP surface: `/mcp` (Streamable HTTP; both protocol revisions on one endpoint: 2026-07-28
 * stateless, and 2025-11-25 served per request for older clients, so any replica answers any
 * request), `/healthz`, `/readyz`, `/metrics` and, with authentication, the protected-resource
 * metadata. In front of the SDK's handler, in this order: the Host check (DNS rebinding), the
 * Origin check with CORS, the bearer token.
 */
export function createHttpHandler(deps: {
  config: Config;
  logger: Logger;
  metrics: ToolMetrics;
  createMcpServer: McpServerFactory;
  readiness: Readiness;
  /** Replaces the JWKS-backed verifier, e.g. in tests. */
  verifier?: AccessTokenVerifier;
}): HttpHandler {
  const { config, logger, metrics, createMcpServer, readiness } = deps;

  // The factory runs once per request: a fresh server for every request, nothing shared.
  const mcp = createMcpHandler(() => createMcpServer(), {
    onerror: error => reportMcpError(logger, error),
  });
  const serveMcp = toNodeHandler(mcp, {
    onerror: error => logger.error('MCP request failed', { error }),
  });
  const validateHost = hostHeaderValidation(config.allowedHosts);
  const validateOrigin = createOriginGuard({
    allowedOrigins: config.allowedOrigins,
    allowLocalhostOrigins: config.allowLocalhostOrigins,
  });

  const documents = new Map<string, string>();
  let authenticate:
    | ((req: AuthenticatedRequest, res: ServerResponse) => Promise<boolean>)
    | undefined;
  if (config.auth.mode === 'jwt') {
    const metadataUrl = protectedResourceMetadataUrl(config.publicUrl!);
    const metadata = JSON.stringify(
      protectedResourceMetadata({
        resource: config.auth.resource,
        issuer: config.auth.issuer,
        scopes: config.auth.requiredScopes,
        resourceName: serverInfo.title,
      }),
    );
    documents.set(new URL(metadataUrl).pathname, metadata);
    documents.set('/.well-known/oauth-protected-resource', metadata);
    authenticate = createBearerTokenGate({
      verifier:
        deps.verifier ??
        createJwtVerifier({
          issuer: config.auth.issuer,
          audience: config.auth.audience,
          jwksUrl: config.auth.jwksUrl,
          algorithms: config.auth.algorithms,
        }),
      resourceMetadataUrl: metadataUrl,
      requiredScopes: config.auth.requiredScopes,
      logger,
    });
  }

  const handleMcp = async (req: AuthenticatedRequest, res: ServerResponse) => {
    if (!validateHost(req, res) || !validateOrigin(req, res)) return;
    if (authenticate && !(await authenticate(req, res))) return;
    await runForPeer(req.socket.remoteAddress ?? 'unknown', () =>
      serveMcp(req, res),
    );
  };

  const handleOther = async (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ) => {
    const document = documents.get(path);
    const known =
      document !== undefined ||
      ['/healthz', '/readyz', '/metrics'].includes(path);
    if (!known) {
      sendJson(res, 404, { error: 'not_found' });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: 'method_not_allowed' }, { allow: 'GET' });
      return;
    }
    if (document !== undefined) {
      res.writeHead(200, {
        'content-type': 'application/json',
        'access-control-allow-origin': '*',
      });
      res.end(document);
    } else if (path === '/healthz') {
      sendJson(res, 200, { status: 'ok' });
    } else if (path === '/readyz') {
      sendJson(res, readiness.ready ? 200 : 503, {
        status: readiness.ready ? 'ready' : 'not ready',
      });
    } else {
      const text = await metrics.registry.metrics();
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      res.end(text);
    }
  };

  return {
    listener: (req, res) => {
      const path = (req.url ?? '/').split('?', 1)[0]!;
      const handling =
        path === '/mcp' || path === '/mcp/'
          ? handleMcp(req, res)
          : handleOther(req, res, path);
      handling.catch(error => {
        logger.error('HTTP request failed', { error });
        if (!res.headersSent) {
          sendJson(res, 500, {
            jsonrpc: '2.0',
            error: { code: -32603, message: 'Internal server error' },
            id: null,
          });
        } else {
          res.destroy();
        }
      });
    },
    close: () => mcp.close(),
  };
}
