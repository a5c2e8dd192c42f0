import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reads every caller's refused gateway calls and the upstreams' health details. Callers always
 * see their own refused calls.
 *
 * @public
 */
export const mcpGatewayAdminPermission = createPermission({
  name: 'mcp.gateway.admin',
  attributes: { action: 'read' },
});

/**
 * All permissions of the MCP gateway, for registration with the permissions registry.
 *
 * @public
 */
export const mcpGatewayPermissions = [mcpGatewayAdminPermission];
