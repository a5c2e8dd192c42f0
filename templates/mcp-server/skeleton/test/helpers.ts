import {
  Client,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import type { ServerCapabilities } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { loadConfig } from '../src/config.js';
import type { AccessTokenVerifier } from '../src/http/auth.js';
import { createLogger } from '../src/logger.js';
import type { ServerExtension } from '../src/mcpServer.js';
import { startServer } from '../src/startServer.js';
import {
  defineTool,
  type GoldenPathTool,
  jsonResult,
  ToolInputError,
} from '../src/toolkit.js';
import { tools as templateTools } from '../src/tools/index.js';

/** Tools with known behaviour, to test the middleware around them. */
export const fixtureTools: GoldenPathTool[] = [
  defineTool({
    name: 'fixture_echo',
    title: 'Echo',
    description: 'Returns its input and who called',
    inputSchema: z.object({ text: z.string().max(100) }),
    annotations: { readOnlyHint: true },
    handler: ({ text }, { caller, recordLlmTokens }) => {
      recordLlmTokens('test-model', { input: 12, output: 3 });
      return jsonResult({ text, caller: caller?.subject ?? null });
    },
  }),
  defineTool({
    name: 'fixture_bad_input',
    title: 'Refuses its input',
    description: 'Fails with a message meant for the model',
    inputSchema: z.object({}),
    annotations: { readOnlyHint: true },
    handler: () => {
      throw new ToolInputError(
        'Account acc_9 does not exist; list accounts first.',
      );
    },
  }),
  defineTool({
    name: 'fixture_crash',
    title: 'Crashes',
    description: 'Fails with an internal error that carries a secret',
    inputSchema: z.object({}),
    annotations: { readOnlyHint: true },
    handler: () => {
      throw new Error(
        'upstream said 500 for Authorization: Bearer abcdefghijklmnop',
      );
    },
  }),
];

/** A parsed JSON log line. */
export type LogLine = Record<string, unknown> & { level: string; msg: string };

/** Starts the server in-process on a random port (authentication off unless `env` turns it on). */
export async function startTestServer(
  env: Record<string, string> = {},
  options: {
    tools?: GoldenPathTool[];
    verifier?: AccessTokenVerifier;
    extend?: ServerExtension;
    capabilities?: ServerCapabilities;
  } = {},
) {
  const config = loadConfig({
    MCP_ENVIRONMENT: 'development',
    MCP_AUTH_DISABLED: 'true',
    MCP_TRANSPORT: 'streamable-http',
    HOST: '127.0.0.1',
    PORT: '0',
    SHUTDOWN_DRAIN_MS: '0',
    ...env,
  });
  const logs: LogLine[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: { write: line => logs.push(JSON.parse(line)) },
  });
  const running = await startServer({
    config,
    logger,
    tools: options.tools ?? [...templateTools, ...fixtureTools],
    version: '0.0.0-test',
    processMetrics: false,
    verifier: options.verifier,
    extend: options.extend,
    capabilities: options.capabilities,
  });
  return { ...running, url: running.url!, mcpUrl: `${running.url}/mcp`, logs };
}

/**
 * The protocol eras a client can speak: `modern` is 2026-07-28 (the client probes with
 * `server/discover`), `legacy` the 2025-11-25 `initialize` handshake older clients use.
 */
export const ERAS = ['modern', 'legacy'] as const;
export type Era = (typeof ERAS)[number];

/** An SDK v2 client connected over Streamable HTTP in the given era. */
export async function connectClient(
  mcpUrl: string,
  options: { era?: Era; headers?: Record<string, string> } = {},
) {
  const era = options.era ?? 'modern';
  const client = new Client(
    { name: 'golden-path-test', version: '1.0.0' },
    // Absent, the client keeps the 2025 handshake; 'auto' probes server/discover first.
    era === 'modern' ? { versionNegotiation: { mode: 'auto' } } : {},
  );
  await client.connect(
    new StreamableHTTPClientTransport(new URL(mcpUrl), {
      requestInit: { headers: options.headers ?? {} },
    }),
  );
  if (client.getProtocolEra() !== era) {
    throw new Error(
      `Expected the ${era} era, the client connected in ${client.getProtocolEra()}`,
    );
  }
  return client;
}

/** The value of one series in Prometheus text, matched on all the given labels. */
export function metricValue(
  text: string,
  name: string,
  labels: Record<string, string>,
): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const wanted = Object.entries(labels).every(([k, v]) =>
      line.includes(`${k}="${v}"`),
    );
    if (wanted) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

/** The first text content of a tool result. */
export function textOf(result: unknown): string {
  const content = (
    result as { content?: Array<{ type: string; text?: string }> }
  ).content;
  return content?.find(c => c.type === 'text')?.text ?? '';
}
