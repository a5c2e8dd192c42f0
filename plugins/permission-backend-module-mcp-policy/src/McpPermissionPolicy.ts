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

/** The software catalog's resource type (`RESOURCE_TYPE_CATALOG_ENTITY`), and its owner rule. */
const CATALOG_ENTITY = 'catalog-entity';
const IS_ENTITY_OWNER = 'IS_ENTITY_OWNER';

/**
 * The backend's permission policy. The suite's permissions (`mcp.*`) are answered by the MCP
 * policy engine — those on a tool or server (`mcp.tool.invoke`, `mcp.tool.approve`,
 * `mcp.catalog.refresh`) with a conditional decision that the policy plugin applies to the
 * resource, those on a catalog entity (the kill switch) by the engine or else for the entity's
 * owners, the others as permission decisions over HTTP — and fail closed when the engine cannot
 * answer. Backstage allows only one policy, so every other permission goes to
 * `otherPermissions`: allow-all, deny-all, or the adopter's own policy.
 *
 * @public
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
    if (isResourcePermission(permission, CATALOG_ENTITY)) {
      return this.ownersOrEngine(permission.name, permission.attributes, user);
    }
    return (await this.askEngine(permission.name, permission.attributes, user))
      ? ALLOW
      : DENY;
  }

  /**
   * The suite's permissions on one catalog entity (the kill switch on an MCP server): whom the
   * engine's permission rules allow (the platform groups in the built-in rules) may act on
   * every entity; everyone else on the entities they own, which the catalog decides from the
   * resource ref (a conditional decision). The engine never sees the entity, so its answer is
   * not logged as the decision; the acting plugin keeps its own audit trail.
   */
  private async ownersOrEngine(
    name: string,
    attributes: { action?: string },
    user: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (await this.askEngine(name, attributes, user, { record: false }))
      return ALLOW;
    // Without the engine (unreachable, or no rule allows) owners may still act: no one else is
    // let in by this, and an incident's kill switch must not wait for the policy engine.
    return {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: CATALOG_ENTITY,
      conditions: {
        rule: IS_ENTITY_OWNER,
        resourceType: CATALOG_ENTITY,
        params: { claims: user.info.ownershipEntityRefs },
      },
    };
  }

  /** Whether the engine's permission rules allow it; false (logged) when it cannot answer. */
  private async askEngine(
    name: string,
    attributes: { action?: string },
    user: PolicyQueryUser,
    options: { record?: boolean } = {},
  ): Promise<boolean> {
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
          permission: { name, action: attributes.action },
          ...(options.record === false ? { record: false } : {}),
        },
        { token },
      );
      return decision.result === 'allow';
    } catch (error) {
      this.options.logger.error(
        `The MCP policy engine could not decide ${name} for ${user.info.userEntityRef}; denied (fail closed): ${error}`,
      );
      return false;
    }
  }
}
