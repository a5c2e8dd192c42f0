/**
 * Catalog support for MCP servers: a catalog module that rejects invalid `mcp-server` API
 * entities and the tool names the MCP gateway cannot offer, and the processors it installs.
 *
 * @packageDocumentation
 */
export { catalogModuleMcpServerValidation as default } from './catalogModuleMcpServerValidation';
export { catalogModuleMcpServerValidation } from './catalogModuleMcpServerValidation';
export { McpServerEntityProcessor } from './McpServerEntityProcessor';
export { McpGatewayNameProcessor } from './McpGatewayNameProcessor';
export { PlatformGatewayNameFacts } from './GatewayNameFacts';
export type { GatewayNameFacts } from './GatewayNameFacts';
