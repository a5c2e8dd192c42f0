/**
 * The server as `npm run conformance` tests it: this project's configuration, HTTP stack,
 * middleware and tools, plus the fixtures the conformance scenarios call. It listens on loopback
 * with authentication off (the suite sends no token), as `npm run dev` does, and logs
 * "listening" with its URL.
 */
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { serverInfo } from '../../src/serverInfo.js';
import { startServer } from '../../src/startServer.js';
import { tools } from '../../src/tools/index.js';
import { readPackageVersion } from '../../src/version.js';
import {
  conformanceCapabilities,
  conformanceTools,
  registerConformancePromptAndResource,
} from './fixtures.js';

const config = loadConfig({
  PORT: '0',
  LOG_LEVEL: 'warn',
  ...process.env,
  MCP_ENVIRONMENT: 'development',
  MCP_AUTH_DISABLED: 'true',
  MCP_TRANSPORT: 'streamable-http',
  HOST: '127.0.0.1',
  // The scenarios call tools in quick succession; the project's tests cover the limit itself.
  RATE_LIMIT_PER_MINUTE: '100000',
  SHUTDOWN_DRAIN_MS: '0',
});
const logger = createLogger({
  level: config.logLevel,
  fields: { server: serverInfo.name, mode: 'conformance' },
});
const running = await startServer({
  config,
  logger,
  tools: [...tools, ...conformanceTools],
  version: readPackageVersion(),
  processMetrics: false,
  capabilities: conformanceCapabilities,
  extend: registerConformancePromptAndResource,
});
// startHttpServer logs "listening" at info; the runner waits for it whatever LOG_LEVEL says.
console.log(JSON.stringify({ msg: 'listening', url: running.url }));
process.on('SIGTERM', () => {
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
