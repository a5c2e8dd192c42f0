import { hostHeaderValidation } from '@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import express, {
  type NextFunction,
  type Request,
  type Response,
} from 'express';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { McpServerFactory } from '../mcpServer.js';
import type { ToolMetrics } from '../metrics.js';
import { serverInfo } from '../serverInfo.js';
import {
  type AccessTokenVerifier,
  createJwtVerifier,
  protectedResourceMetadata,
  protectedResourceMetadataUrl,
  requireBearerToken,
} from './auth.js';
import { originValidation } from './originValidation.js';

/** Whether the server should receive traffic; false while starting and while draining. */
export interface Readiness {
  ready: boolean;
}

function jsonRpcError(
  res: Response,
  status: number,
  code: number,
  message: string,
) {
  res
    .status(status)
    .json({ jsonrpc: '2.0', error: { code, message }, id: null });
}

/**
 * The HTTP surface: `/mcp` (Streamable HTTP, stateless so any replica answers any request),
 * `/healthz`, `/readyz`, `/metrics` and, with authentication, the protected-resource metadata.
 */
export function createHttpApp(deps: {
  config: Config;
  logger: Logger;
  metrics: ToolMetrics;
  createMcpServer: McpServerFactory;
  readiness: Readiness;
  /** Replaces the JWKS-backed verifier, e.g. in tests. */
  verifier?: AccessTokenVerifier;
}) {
  const { config, logger, metrics, createMcpServer, readiness } = deps;
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    res
      .status(readiness.ready ? 200 : 503)
      .json({ status: readiness.ready ? 'ready' : 'not ready' });
  });
  app.get('/metrics', async (_req, res) => {
    res
      .type(metrics.registry.contentType)
      .send(await metrics.registry.metrics());
  });

  const mcp = express.Router();
  // DNS-rebinding protection: only the configured host names, then only allowed browser origins.
  mcp.use(hostHeaderValidation(config.allowedHosts));
  mcp.use(originValidation(config.allowedOrigins));

  if (config.auth.mode === 'jwt') {
    const resource = config.publicUrl!;
    const metadataUrl = protectedResourceMetadataUrl(resource);
    const metadata = protectedResourceMetadata({
      resource: resource.href,
      issuer: config.auth.issuer,
      scopes: config.auth.requiredScopes,
      resourceName: serverInfo.title,
    });
    const metadataPath = new URL(metadataUrl).pathname;
    app.get(
      [metadataPath, '/.well-known/oauth-protected-resource'],
      (_req, res) => {
        res.set('Access-Control-Allow-Origin', '*').json(metadata);
      },
    );
    mcp.use(
      requireBearerToken({
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
      }),
    );
  }

  mcp.post('/', express.json({ limit: '4mb' }), async (req, res) => {
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
    } catch (error) {
      logger.error('MCP request failed', { error });
      if (!res.headersSent)
        jsonRpcError(res, 500, -32603, 'Internal server error');
    }
  });
  mcp.all('/', (_req, res) => {
    res.set('Allow', 'POST');
    jsonRpcError(
      res,
      405,
      -32000,
      'Method not allowed: this server is stateless, use POST',
    );
  });
  app.use('/mcp', mcp);

  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not_found' });
  });
  app.use(
    (
      error: Error & { type?: string },
      _req: Request,
      res: Response,
      _next: NextFunction,
    ) => {
      if (error.type === 'entity.parse.failed') {
        jsonRpcError(
          res,
          400,
          -32700,
          'Parse error: the body is not valid JSON',
        );
      } else if (error.type === 'entity.too.large') {
        jsonRpcError(res, 413, -32600, 'Request body too large');
      } else {
        logger.error('HTTP request failed', { error });
        if (!res.headersSent)
          jsonRpcError(res, 500, -32603, 'Internal server error');
      }
    },
  );
  return app;
}
