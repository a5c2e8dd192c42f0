/**
 * MCP catalog backend plugin.
 *
 * @packageDocumentation
 */
export { mcpCatalogPlugin as default } from './plugin';
