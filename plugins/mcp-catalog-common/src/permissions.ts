import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Resource type of the software catalog's entities (`RESOURCE_TYPE_CATALOG_ENTITY` of
 * `@backstage/plugin-catalog-common`). Permissions on one MCP server use it with the server's
 * entity ref, so a policy can answer them with the catalog's rules, e.g. `IS_ENTITY_OWNER`.
 */
export const CATALOG_ENTITY_RESOURCE_TYPE = 'catalog-entity';

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

/**
 * Takes a whole MCP server out of service platform-wide, or puts it back (the kill switch).
 * Asked with the server's entity ref as resource ref: owners of the server may use it, and whom
 * the policy engine allows (the platform groups in the built-in rules).
 */
export const mcpServerDisablePermission = createPermission({
  name: 'mcp.server.disable',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * Takes one tool of an MCP server out of service platform-wide, or puts it back. Asked with the
 * server's entity ref as resource ref, like {@link mcpServerDisablePermission}.
 */
export const mcpToolDisablePermission = createPermission({
  name: 'mcp.tool.disable',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/** All permissions of the MCP catalog, for registration with the permissions registry. */
export const mcpCatalogPermissions = [
  mcpCatalogRefreshPermission,
  mcpToolApprovePermission,
  mcpServerDisablePermission,
  mcpToolDisablePermission,
];
