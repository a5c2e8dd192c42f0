/*
 * What the gateway backend runs: the MCP gateway plugin and nothing else. The software catalog,
 * the MCP catalog, the policy engine, insights, the permission framework and sign-in stay in
 * the main backend, found through discovery.endpoints (app-config.gateway.yaml). Kept apart from
 * index.ts so that tests start the same backend (see splitDeployment.test.ts).
 */
import mcpGatewayBackend from '@mcp-platform/plugin-mcp-gateway-backend';

/** The gateway backend's plugins, in the order `backend.add` receives them. */
export const gatewayBackendFeatures = [mcpGatewayBackend];
