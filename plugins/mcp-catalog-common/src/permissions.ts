import { createPermission } from '@backstage/plugin-permission-common';

/** Triggers discovery of a server now, outside the schedule. */
export const mcpCatalogRefreshPermission = createPermission({
  name: 'mcp.catalog.refresh',
  attributes: { action: 'update' },
});

/** Approves a new or changed tool definition. */
export const mcpToolApprovePermission = createPermission({
  name: 'mcp.tool.approve',
  attributes: { action: 'update' },
});

/** All permissions of the MCP catalog, for registration with the permissions registry. */
export const mcpCatalogPermissions = [
  mcpCatalogRefreshPermission,
  mcpToolApprovePermission,
];
