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
export {
  mcpCatalogApiRef,
  McpCatalogClient,
  mcpToolAccessApiRef,
  McpToolAccessClient,
} from './api';
export type {
  KillSwitchAction,
  McpCatalogApi,
  McpToolAccessApi,
  ToolSearchQuery,
} from './api';
