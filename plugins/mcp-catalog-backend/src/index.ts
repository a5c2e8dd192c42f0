/**
 * MCP catalog backend plugin.
 *
 * @packageDocumentation
 */
export { mcpCatalogPlugin as default } from './plugin';
export { McpServerEntityProcessor } from './processor/McpServerEntityProcessor';
export { McpGatewayNameProcessor } from './processor/McpGatewayNameProcessor';
export { PlatformGatewayNameFacts } from './processor/GatewayNameFacts';
export type { GatewayNameFacts } from './processor/GatewayNameFacts';
export { catalogModuleMcpServerValidation } from './processor/catalogModuleMcpServerValidation';
export { searchModuleMcpToolCollator } from './search/searchModuleMcpToolCollator';
export { McpToolCollatorFactory } from './search/McpToolCollatorFactory';
export type { McpToolDocument } from './search/McpToolCollatorFactory';
