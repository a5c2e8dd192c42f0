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
  MCP_POLICY_TOOL_RULE,
  MCP_TOOL_RESOURCE_TYPE,
  McpPolicyClient,
  McpPolicyToolRuleParams,
  mcpToolInvokePermission,
} from '@mcp-platform/plugin-mcp-policy-common';

/** Permissions of the MCP suite start with this; the engine answers them. */
const SUITE_PREFIX = 'mcp.';

const DENY: PolicyDecision = { result: AuthorizeResult.DENY };
const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };

/**
 * The backend's permission policy. The suite's permissions (`mcp.*`) are answered by the MCP
 * policy engine — `mcp.tool.invoke` with a conditional decision that the policy plugin applies
 * to the tool, the others as permission decisions over HTTP — and fail closed when the engine
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
    if (
      isResourcePermission(permission, MCP_TOOL_RESOURCE_TYPE) &&
      permission.name === mcpToolInvokePermission.name
    ) {
      // The policy never sees which tool is asked about; the policy plugin, which owns the
      // mcp-tool resource type, applies the engine's rules to the tool in the resource ref.
      const params: McpPolicyToolRuleParams = {
        userRef: user.info.userEntityRef,
        groups: user.info.ownershipEntityRefs,
      };
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'mcp-policy',
        resourceType: MCP_TOOL_RESOURCE_TYPE,
        conditions: {
          rule: MCP_POLICY_TOOL_RULE,
          resourceType: MCP_TOOL_RESOURCE_TYPE,
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
