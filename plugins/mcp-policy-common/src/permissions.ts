import { createPermission } from '@backstage/plugin-permission-common';

/** Resource type of MCP tools; resource refs look like `api:default/payments-ledger#refund_payment`. */
export const MCP_TOOL_RESOURCE_TYPE = 'mcp-tool';

/** Calling a tool of an MCP server; answered per user and tool by the policy engine. */
export const mcpToolInvokePermission = createPermission({
  name: 'mcp.tool.invoke',
  attributes: { action: 'read' },
  resourceType: MCP_TOOL_RESOURCE_TYPE,
});

/** Evaluating candidate policies against recorded inputs (dry run). */
export const mcpPolicyDryRunPermission = createPermission({
  name: 'mcp.policy.dry-run',
  attributes: { action: 'read' },
});

/** Reading the decision log: who was allowed or denied what, with the evaluated inputs. */
export const mcpPolicyDecisionsReadPermission = createPermission({
  name: 'mcp.policy.decisions.read',
  attributes: { action: 'read' },
});

/** All permissions of the MCP policy engine. */
export const mcpPolicyPermissions = [
  mcpToolInvokePermission,
  mcpPolicyDryRunPermission,
  mcpPolicyDecisionsReadPermission,
];

/** Builds the resource ref of a tool, e.g. `api:default/payments-ledger#refund_payment`. */
export function toolResourceRef(serverRef: string, toolName: string): string {
  if (!/^api:[^/#]+\/[^/#]+$/.test(serverRef)) {
    throw new TypeError(
      `Invalid server ref "${serverRef}": expected "api:<namespace>/<name>"`,
    );
  }
  return `${serverRef}#${toolName}`;
}

/** Splits a tool resource ref into the server's entity ref and the tool name. */
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
 * The permission rule through which the engine answers `mcp.tool.invoke`: the permission module
 * returns a conditional decision with this rule and the user's refs, and the policy backend,
 * which owns the `mcp-tool` resource type, applies it to the tool named by the resource ref.
 */
export const MCP_POLICY_TOOL_RULE = 'IS_ALLOWED_BY_MCP_POLICY';

/** Parameters of {@link MCP_POLICY_TOOL_RULE}. */
export interface McpPolicyToolRuleParams {
  userRef: string;
  groups: string[];
}
