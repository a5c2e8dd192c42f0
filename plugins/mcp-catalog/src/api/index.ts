export { mcpCatalogApiRef } from './McpCatalogApi';
export type {
  McpCatalogApi,
  ToolSearchQuery,
  McpClientKind,
  ClientConfigSnippet,
} from './McpCatalogApi';
export { McpCatalogClient, serverPath } from './McpCatalogClient';
