export { mcpCatalogApiRef } from './McpCatalogApi';
export type {
  KillSwitchAction,
  McpCatalogApi,
  ToolSearchQuery,
} from './McpCatalogApi';
export { McpCatalogClient } from './McpCatalogClient';
export { mcpGatewayApiRef } from './McpGatewayApi';
export type {
  GatewayConnectInfo,
  GatewayToolScope,
  McpGatewayApi,
} from './McpGatewayApi';
export { McpGatewayClient } from './McpGatewayClient';
export { mcpToolAccessApiRef } from './McpToolAccessApi';
export type { McpToolAccessApi } from './McpToolAccessApi';
export { McpToolAccessClient } from './McpToolAccessClient';
