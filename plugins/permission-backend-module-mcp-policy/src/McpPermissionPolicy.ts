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

/** What the policy answers for permissions the MCP policy engine does not own. */
export type FallbackDecision = 'allow' | 'deny';

/** Permissions of the MCP suite start with this; the engine answers them. */
const SUITE_PREFIX = 'mcp.';

const DENY: PolicyDecision = { result: AuthorizeResult.DENY };
const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };

/**
 * The backend's permission policy. The suite's permissions (`mcp.*`) are answered by the MCP
 * policy engine — `mcp.tool.invoke` with a conditional decision that the policy plugin applies
 * to the tool, the others as permission decisions over HTTP — and fail closed when the engine
 * cannot answer. Backstage
 * allows only one policy, so every other permission gets the configured fallback and installing
 * the module never locks anyone out of the catalog or the scaffolder.
 */
export class McpPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly options: {
      fallback: FallbackDecision;
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
      return this.options.fallback === 'allow' ? ALLOW : DENY;
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
