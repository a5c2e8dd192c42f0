import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  MCP_POLICY_PERMISSION_RULE,
  MCP_POLICY_TOOL_RULE,
  MCP_SERVER_RESOURCE_TYPE,
  MCP_TOOL_RESOURCE_TYPE,
  McpPolicyClient,
  McpPolicyPermissionRuleParams,
  McpPolicyToolRuleParams,
  mcpToolInvokePermission,
} from '@mcp-platform/plugin-mcp-policy-common';

/** Permissions of the MCP suite start with this; the engine answers them. */
const SUITE_PREFIX = 'mcp.';

const DENY: PolicyDecision = { result: AuthorizeResult.DENY };
const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };

/** Resource types of the suite whose conditions the policy plugin applies. */
const ENGINE_RESOURCE_TYPES = [
  MCP_TOOL_RESOURCE_TYPE,
  MCP_SERVER_RESOURCE_TYPE,
];

/**
 * The backend's permission policy. The suite's permissions (`mcp.*`) are answered by the MCP
 * policy engine — those on a tool or server (`mcp.tool.invoke`, `mcp.tool.approve`,
 * `mcp.catalog.refresh`) with a conditional decision that the policy plugin applies to the
 * resource, the others as permission decisions over HTTP — and fail closed when the engine
 * cannot answer. Backstage allows only one policy, so every other permission goes to
 * `otherPermissions`: allow-all, deny-all, or the adopter's own policy.
 */
export class McpPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly options: {
      otherPermissions: PermissionPolicy;
      engine: McpPolicyClient;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!permission.name.startsWith(SUITE_PREFIX)) {
      return this.options.otherPermissions.handle(request, user);
    }
    if (!user) return DENY;
    // The policy never sees which tool or server is asked about; the policy plugin, which owns
    // these resource types, applies the engine's rules to the one in the resource ref.
    if (
      isResourcePermission(permission) &&
      ENGINE_RESOURCE_TYPES.includes(permission.resourceType)
    ) {
      const resourceType = permission.resourceType;
      const isInvoke =
        resourceType === MCP_TOOL_RESOURCE_TYPE &&
        permission.name === mcpToolInvokePermission.name;
      const params: McpPolicyToolRuleParams | McpPolicyPermissionRuleParams =
        isInvoke
          ? {
              userRef: user.info.userEntityRef,
              groups: user.info.ownershipEntityRefs,
            }
          : {
              userRef: user.info.userEntityRef,
              groups: user.info.ownershipEntityRefs,
              permission: permission.name,
              action: permission.attributes.action ?? '',
            };
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'mcp-policy',
        resourceType,
        conditions: {
          rule: isInvoke ? MCP_POLICY_TOOL_RULE : MCP_POLICY_PERMISSION_RULE,
          resourceType,
          params: params as unknown as Record<string, string[] | string>,
        },
      };
    }
    try {
      const { token } = await this.options.auth.getPluginRequestToken({
        onBehalfOf: await this.options.auth.getOwnServiceCredentials(),
        targetPluginId: 'mcp-policy',
      });
      const decision = await this.options.engine.evaluatePermission(
        {
          user: {
            ref: user.info.userEntityRef,
            groups: user.info.ownershipEntityRefs,
          },
          permission: {
            name: permission.name,
            action: permission.attributes.action,
          },
        },
        { token },
      );
      return decision.result === 'allow' ? ALLOW : DENY;
    } catch (error) {
      this.options.logger.error(
        `The MCP policy engine could not decide ${permission.name} for ${user.info.userEntityRef}; denied (fail closed): ${error}`,
      );
      return DENY;
    }
  }
}
