import { createPermission } from '@backstage/plugin-permission-common';
import { MCP_TOOL_RESOURCE_TYPE } from '@mcp-platform/plugin-mcp-catalog-common';

// The resource types and refs are the catalog's; re-exported for the engine's callers.
export {
  MCP_SERVER_RESOURCE_TYPE,
  MCP_TOOL_RESOURCE_TYPE,
  parseToolResourceRef,
  toolResourceRef,
} from '@mcp-platform/plugin-mcp-catalog-common';

/**
 * Calling a tool of an MCP server; answered per user and tool by the policy engine.
 *
 * @public
 */
export const mcpToolInvokePermission = createPermission({
  name: 'mcp.tool.invoke',
  attributes: { action: 'read' },
  resourceType: MCP_TOOL_RESOURCE_TYPE,
});

/**
 * Evaluating candidate policies against recorded inputs (dry run).
 *
 * @public
 */
export const mcpPolicyDryRunPermission = createPermission({
  name: 'mcp.policy.dry-run',
  attributes: { action: 'read' },
});

/**
 * Reading the decision log: who was allowed or denied what, with the evaluated inputs.
 *
 * @public
 */
export const mcpPolicyDecisionsReadPermission = createPermission({
  name: 'mcp.policy.decisions.read',
  attributes: { action: 'read' },
});

/**
 * All permissions of the MCP policy engine.
 *
 * @public
 */
export const mcpPolicyPermissions = [
  mcpToolInvokePermission,
  mcpPolicyDryRunPermission,
  mcpPolicyDecisionsReadPermission,
];

/**
 * The permission rule through which the engine answers `mcp.tool.invoke`: the permission module
 * returns a conditional decision with this rule and the user's refs, and the policy backend,
 * which owns the `mcp-tool` resource type, applies it to the tool named by the resource ref.
 *
 * @public
 */
export const MCP_POLICY_TOOL_RULE = 'IS_ALLOWED_BY_MCP_POLICY';

/**
 * Parameters of {@link MCP_POLICY_TOOL_RULE}.
 *
 * @public
 */
export interface McpPolicyToolRuleParams {
  userRef: string;
  groups: string[];
}

/**
 * The permission rule through which the engine answers the suite's resource permissions other
 * than `mcp.tool.invoke` (`mcp.tool.approve` on a tool, `mcp.catalog.refresh` on a server): the
 * permission module returns a conditional decision with this rule, the user's refs and the
 * permission's name, and the policy backend runs the engine's permission rules with the facts of
 * the tool or server in the resource ref (its owner and the owner's parent groups among them).
 *
 * @public
 */
export const MCP_POLICY_PERMISSION_RULE = 'IS_PERMITTED_BY_MCP_POLICY';

/**
 * Parameters of {@link MCP_POLICY_PERMISSION_RULE}.
 *
 * @public
 */
export interface McpPolicyPermissionRuleParams {
  userRef: string;
  groups: string[];
  /** The permission asked about, e.g. `mcp.tool.approve`. */
  permission: string;
  action: string;
}
