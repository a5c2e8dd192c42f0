import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Resource type of MCP servers in permissions; a server's resource ref is its entity ref, e.g.
 * `api:default/payments-ledger`. The MCP policy backend owns the type: its rules decide.
 *
 * @public
 */
export const MCP_SERVER_RESOURCE_TYPE = 'mcp-server';

/**
 * Resource type of MCP tools in permissions; refs look like
 * `api:default/payments-ledger#refund_payment` (see {@link toolResourceRef}). The MCP policy
 * backend owns the type: its rules decide.
 *
 * @public
 */
export const MCP_TOOL_RESOURCE_TYPE = 'mcp-tool';

/**
 * Builds the resource ref of a tool, e.g. `api:default/payments-ledger#refund_payment`.
 *
 * @public
 */
export function toolResourceRef(serverRef: string, toolName: string): string {
  if (!/^api:[^/#]+\/[^/#]+$/.test(serverRef)) {
    throw new TypeError(
      `Invalid server ref "${serverRef}": expected "api:<namespace>/<name>"`,
    );
  }
  return `${serverRef}#${toolName}`;
}

/**
 * Splits a tool resource ref into the server's entity ref and the tool name.
 *
 * @public
 */
export function parseToolResourceRef(resourceRef: string): {
  serverRef: string;
  toolName: string;
} {
  const match = /^(api:[^/#]+\/[^/#]+)#(.+)$/.exec(resourceRef);
  if (!match) {
    throw new TypeError(
      `Invalid tool resource ref "${resourceRef}": expected "api:<namespace>/<name>#<tool>"`,
    );
  }
  return { serverRef: match[1], toolName: match[2] };
}

/**
 * Resource type of the software catalog's entities (`RESOURCE_TYPE_CATALOG_ENTITY` of
 * `@backstage/plugin-catalog-common`). Permissions on one MCP server use it with the server's
 * entity ref, so a policy can answer them with the catalog's rules, e.g. `IS_ENTITY_OWNER`.
 *
 * @public
 */
export const CATALOG_ENTITY_RESOURCE_TYPE = 'catalog-entity';

/**
 * Triggers discovery of a server now, outside the schedule. A resource permission on the server,
 * so policies can let its owners refresh it.
 *
 * @public
 */
export const mcpCatalogRefreshPermission = createPermission({
  name: 'mcp.catalog.refresh',
  attributes: { action: 'update' },
  resourceType: MCP_SERVER_RESOURCE_TYPE,
});

/**
 * Approves a new or changed tool definition. A resource permission on the tool, so policies can
 * let the owners of its server approve it.
 *
 * @public
 */
export const mcpToolApprovePermission = createPermission({
  name: 'mcp.tool.approve',
  attributes: { action: 'update' },
  resourceType: MCP_TOOL_RESOURCE_TYPE,
});

/**
 * Takes a whole MCP server out of service platform-wide, or puts it back (the kill switch).
 * Asked with the server's entity ref as resource ref: owners of the server may use it, and whom
 * the policy engine allows (the platform groups in the built-in rules).
 *
 * @public
 */
export const mcpServerDisablePermission = createPermission({
  name: 'mcp.server.disable',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * Takes one tool of an MCP server out of service platform-wide, or puts it back. Asked with the
 * server's entity ref as resource ref, like {@link mcpServerDisablePermission}.
 *
 * @public
 */
export const mcpToolDisablePermission = createPermission({
  name: 'mcp.tool.disable',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * All permissions of the MCP catalog, for registration with the permissions registry.
 *
 * @public
 */
export const mcpCatalogPermissions = [
  mcpCatalogRefreshPermission,
  mcpToolApprovePermission,
  mcpServerDisablePermission,
  mcpToolDisablePermission,
];
