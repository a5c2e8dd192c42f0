import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { McpServerFactory } from '../mcpServer.js';
import type { ToolMetrics } from '../metrics.js';
import type { AccessTokenVerifier } from './auth.js';
import { createHttpHandler, type Readiness } from './createHttpHandler.js';

/** A listening HTTP server. */
export interface RunningHttpServer {
  /** Base URL, e.g. http://127.0.0.1:8080; the MCP endpoint is `${url}/mcp`. */
  url: string;
  /** Graceful stop: fail readiness, wait for the drain period, finish in-flight requests. */
  close(): Promise<void>;
}

/** Starts the HTTP transport and resolves once it listens. */
export async function startHttpServer(deps: {
  config: Config;
  logger: Logger;
  metrics: ToolMetrics;
  createMcpServer: McpServerFactory;
  verifier?: AccessTokenVerifier;
}): Promise<RunningHttpServer> {
  const { config, logger } = deps;
  const readiness: Readiness = { ready: false };
  const handler = createHttpHandler({ ...deps, readiness });

  const server = createServer(handler.listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Longer than the idle timeouts of common load balancers, so they close idle connections first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  readiness.ready = true;
  logger.info('listening', {
    url,
    mcp: `${url}/mcp`,
    auth: config.auth.mode,
    environment: config.environment,
  });

  let closing: Promise<void> | undefined;
  return {
    url,
    close: () =>
      (closing ??= (async () => {
        readiness.ready = false;
        if (config.shutdown.drainMs > 0) {
          logger.info('draining', { drainMs: config.shutdown.drainMs });
          await sleep(config.shutdown.drainMs);
        }
        const closed = new Promise<void>(resolve =>
          server.close(() => resolve()),
        );
        server.closeIdleConnections();
        const timeout = sleep(config.shutdown.timeoutMs, 'timeout' as const, {
          ref: false,
        });
        if ((await Promise.race([closed, timeout])) === 'timeout') {
          logger.warn(
            'requests still running at shutdown timeout; closing their connections',
          );
          server.closeAllConnections();
          await closed;
        }
        await handler.close();
      })()),
  };
}
