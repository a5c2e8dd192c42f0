import type { ServerCapabilities } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import type { Config } from './config.js';
import type { AccessTokenVerifier } from './http/auth.js';
import { startHttpServer } from './http/startHttpServer.js';
import type { Logger } from './logger.js';
import { createMcpServerFactory, type ServerExtension } from './mcpServer.js';
import { ToolMetrics } from './metrics.js';
import { ToolRateLimiter } from './rateLimiter.js';
import { serverInfo } from './serverInfo.js';
import type { GoldenPathTool } from './toolkit.js';

/** A started server, on either transport. */
export interface RunningServer {
  /** Base URL of the HTTP transport; undefined over stdio. */
  url?: string;
  metrics: ToolMetrics;
  close(): Promise<void>;
}

/** Wires metrics, rate limits and tools together and starts the configured transport. */
export async function startServer(options: {
  config: Config;
  logger: Logger;
  tools: readonly GoldenPathTool[];
  version: string;
  /** Process metrics are registered once per process; tests that start several servers skip them. */
  processMetrics?: boolean;
  verifier?: AccessTokenVerifier;
  /** Capabilities and registrations beyond the tools (prompts, resources). */
  capabilities?: ServerCapabilities;
  extend?: ServerExtension;
}): Promise<RunningServer> {
  const { config, logger } = options;
  const metrics = new ToolMetrics({
    server: serverInfo.name,
    team: serverInfo.team,
  });
  if (options.processMetrics ?? true) metrics.collectProcessMetrics();
  const rateLimiter = new ToolRateLimiter(config.rateLimit);
  const createMcpServer = createMcpServerFactory({
    tools: options.tools,
    services: { metrics, rateLimiter, logger },
    version: options.version,
    capabilities: options.capabilities,
    extend: options.extend,
  });

  if (config.transport === 'stdio') {
    // The client's opening message picks the revision; one server serves the connection.
    const stdio = serveStdio(() => createMcpServer(), {
      onerror: error => logger.debug('stdio message refused', { error }),
    });
    logger.info('serving over stdio', { environment: config.environment });
    return { metrics, close: () => stdio.close() };
  }

  const http = await startHttpServer({
    config,
    logger,
    metrics,
    createMcpServer,
    verifier: options.verifier,
  });
  return { url: http.url, metrics, close: http.close };
}
