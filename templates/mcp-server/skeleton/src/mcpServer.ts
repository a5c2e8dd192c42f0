import {
  type CacheHint,
  McpServer,
  type ServerCapabilities,
} from '@modelcontextprotocol/server';
import { serverInfo } from './serverInfo.js';
import {
  type GoldenPathServices,
  type GoldenPathTool,
  guardTools,
  registerGoldenPathTools,
} from './toolkit.js';

/** Builds a fresh MCP server with the given tools; cheap, so HTTP builds one per request. */
export type McpServerFactory = () => McpServer;

/**
 * How long clients and intermediaries may reuse a tool list or discovery result (2026-07-28
 * caching). The list is the same for every caller and changes only with a deployment, so it may
 * be shared; a few minutes keeps a rollout visible quickly.
 */
const LIST_CACHE_HINT: CacheHint = { ttlMs: 5 * 60_000, cacheScope: 'public' };

/** Registers prompts and resources next to the tools (the conformance fixtures use it). */
export type ServerExtension = (server: McpServer) => void;

/** Prepares the tools once and returns a factory of servers exposing them. */
export function createMcpServerFactory(options: {
  tools: readonly GoldenPathTool[];
  services: GoldenPathServices;
  version: string;
  /** Capabilities beyond tools and logging, e.g. `{ prompts: {}, resources: {} }`. */
  capabilities?: ServerCapabilities;
  extend?: ServerExtension;
}): McpServerFactory {
  const guarded = guardTools(options.tools, options.services);
  return () => {
    const server = new McpServer(
      {
        name: serverInfo.name,
        title: serverInfo.title,
        version: options.version,
      },
      {
        instructions: serverInfo.description,
        capabilities: {
          // The tool list is fixed for the life of the process: it never changes, so say so.
          tools: { listChanged: false },
          // Lets tools write to the client's log (ToolContext.mcp.mcpReq.log).
          logging: {},
          ...options.capabilities,
        },
        cacheHints: {
          'tools/list': LIST_CACHE_HINT,
          'server/discover': LIST_CACHE_HINT,
        },
      },
    );
    registerGoldenPathTools(server, guarded);
    options.extend?.(server);
    return server;
  };
}
