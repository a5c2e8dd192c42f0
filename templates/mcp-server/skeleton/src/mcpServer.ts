import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { serverInfo } from './serverInfo.js';
import {
  type GoldenPathServices,
  type GoldenPathTool,
  guardTools,
  registerGoldenPathTools,
} from './toolkit.js';

/** Builds a fresh MCP server with the given tools; cheap, so HTTP can build one per request. */
export type McpServerFactory = () => McpServer;

/** Prepares the tools once and returns a factory of servers exposing them. */
export function createMcpServerFactory(options: {
  tools: readonly GoldenPathTool[];
  services: GoldenPathServices;
  version: string;
}): McpServerFactory {
  const guarded = guardTools(options.tools, options.services);
  return () => {
    const server = new McpServer(
      {
        name: serverInfo.name,
        title: serverInfo.title,
        version: options.version,
      },
      { instructions: serverInfo.description },
    );
    registerGoldenPathTools(server, guarded);
    return server;
  };
}
