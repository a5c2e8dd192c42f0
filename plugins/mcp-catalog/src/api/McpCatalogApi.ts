import { createApiRef } from '@backstage/core-plugin-api';
import {
  ClientConfigSnippet,
  FindingSeverity,
  McpClientKind,
  McpPage,
  McpServerDetail,
  McpServerSummary,
  McpToolDetail,
  McpToolSummary,
} from '@mcp-platform/plugin-mcp-catalog-common';

/**
 * Filters of the tool search, as the UI holds them in the URL.
 *
 * @public
 */
export interface ToolSearchQuery {
  q?: string;
  owner?: string;
  server?: string;
  readOnly?: boolean;
  destructive?: boolean;
  minSeverity?: FindingSeverity;
  changed?: boolean;
  limit: number;
  offset: number;
}

/**
 * The MCP catalog backend, as the UI uses it.
 *
 * @public
 */
export interface McpCatalogApi {
  listServers(query?: {
    limit?: number;
    offset?: number;
  }): Promise<McpPage<McpServerSummary>>;
  getServer(entityRef: string): Promise<McpServerDetail>;
  refreshServer(
    entityRef: string,
  ): Promise<{ ok: boolean; error?: string; server: McpServerDetail }>;
  getClientConfig(
    entityRef: string,
    client: McpClientKind,
  ): Promise<ClientConfigSnippet>;
  searchTools(query: ToolSearchQuery): Promise<McpPage<McpToolSummary>>;
  getTool(serverRef: string, toolName: string): Promise<McpToolDetail>;
  approveTool(
    serverRef: string,
    toolName: string,
    definitionHash: string,
  ): Promise<McpToolDetail>;
  /** Takes a whole server out of service (`disable`) or puts it back (`enable`), saying why. */
  switchServer(
    entityRef: string,
    action: KillSwitchAction,
    reason: string,
  ): Promise<McpServerDetail>;
  /** Takes one tool out of service (`disable`) or puts it back (`enable`), saying why. */
  switchTool(
    serverRef: string,
    toolName: string,
    action: KillSwitchAction,
    reason: string,
  ): Promise<McpToolDetail>;
}

/**
 * What the kill switch does.
 *
 * @public
 */
export type KillSwitchAction = 'disable' | 'enable';

/**
 * The MCP catalog API's ref.
 *
 * @public
 */
export const mcpCatalogApiRef = createApiRef<McpCatalogApi>({
  id: 'plugin.mcp-catalog.service',
});
