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

/** The software catalog's resource type (`RESOURCE_TYPE_CATALOG_ENTITY`), and its owner rule. */
const CATALOG_ENTITY = 'catalog-entity';
const IS_ENTITY_OWNER = 'IS_ENTITY_OWNER';

/**
 * The backend's permission policy. The suite's permissions (`mcp.*`) are answered by the MCP
 * policy engine — `mcp.tool.invoke` with a conditional decision that the policy plugin applies
 * to the tool, those on a catalog entity by the engine or else for the entity's owners, the
 * others as permission decisions over HTTP — and fail closed when the engine cannot answer. Backstage
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
