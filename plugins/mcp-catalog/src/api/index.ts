export { mcpCatalogApiRef } from './McpCatalogApi';
export type { McpCatalogApi, ToolSearchQuery } from './McpCatalogApi';
export { McpCatalogClient, serverPath } from './McpCatalogClient';
