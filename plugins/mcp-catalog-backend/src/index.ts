/**
 * MCP catalog backend plugin.
 *
 * @packageDocumentation
 */
export { mcpCatalogPlugin as default } from './plugin';
export { McpServerEntityProcessor } from './processor/McpServerEntityProcessor';
export { catalogModuleMcpServerValidation } from './processor/catalogModuleMcpServerValidation';
