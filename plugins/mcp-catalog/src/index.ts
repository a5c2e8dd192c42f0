/**
 * MCP catalog frontend plugin: servers, tool search, schemas, approvals and client config.
 *
 * @packageDocumentation
 */
export { mcpCatalogPlugin as default } from './plugin';
export {
  mcpCatalogLegacyPlugin,
  LegacyMcpCatalogPage,
  LegacyMcpEntityContent,
} from './plugin';
export { mcpCatalogApiRef, McpCatalogClient } from './api';
export type { KillSwitchAction, McpCatalogApi, ToolSearchQuery } from './api';
