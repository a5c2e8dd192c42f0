/**
 * MCP catalog frontend plugin: servers, tool search, schemas, approvals and client config.
 *
 * @packageDocumentation
 */
export { mcpCatalogPlugin as default } from './plugin';
export { mcpCatalogLegacyPlugin, LegacyMcpCatalogPage } from './plugin';
