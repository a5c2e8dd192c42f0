import { LoggerService } from '@backstage/backend-plugin-api';
import {
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  MCP_POLICY_TOOL_RULE,
  MCP_TOOL_RESOURCE_TYPE,
  parseToolResourceRef,
} from '@mcp-platform/plugin-mcp-policy-common';
import { z } from 'zod';
import {
  PolicyDecisionService,
  ResolvedResource,
} from '../service/PolicyDecisionService';

/**
 * Tools and servers cannot be filtered in a database query by CEL rules, so the query type is
 * empty: conditional decisions on them are applied per resource, never translated into a query.
 */
export type McpResourceQuery = { never?: never };

/** The `mcp-tool` resource type, owned by the policy plugin. */
export const mcpToolPermissionResourceRef = createPermissionResourceRef<
  ResolvedResource,
  McpResourceQuery
>().with({ pluginId: 'mcp-policy', resourceType: MCP_TOOL_RESOURCE_TYPE });

/** Applies the engine's tool-call rules to a tool for the user in the condition's params. */
export function createToolPermissionRule(options: {
  decisions: PolicyDecisionService;
  logger: LoggerService;
}) {
  return createPermissionRule({
    name: MCP_POLICY_TOOL_RULE,
    description:
      'Allows when the MCP policy engine allows this user to call the tool',
    resourceRef: mcpToolPermissionResourceRef,
    paramsSchema: z.object({
      userRef: z.string().describe('User entity ref of the caller'),
      groups: z
        .array(z.string())
        .describe('Ownership refs of the caller (the user and their groups)'),
    }),
    apply(resource, params) {
      const decided = options.decisions.decideTool(resource, {
        ref: params.userRef,
        groups: params.groups,
      });
      // Enforced decision: logged without holding up the permission response.
      options.decisions
        .recordToolCalls([decided], 'plugin:permission')
        .catch(error =>
          options.logger.error(`Could not log a tool decision: ${error}`),
        );
      return decided.decision.result === 'allow';
    },
    toQuery() {
      throw new Error(
        `${MCP_POLICY_TOOL_RULE} is decided per tool; ask with a resourceRef`,
      );
    },
  });
}

/** Loads tools named by resource refs (`api:default/server#tool`) with their facts and context. */
export function createToolResourceLoader(decisions: PolicyDecisionService) {
  return async (refs: string[]) =>
    Promise.all(
      refs.map(async ref => {
        let parsed;
        try {
          parsed = parseToolResourceRef(ref);
        } catch {
          return undefined;
        }
        return decisions.resolveTool(parsed.serverRef, parsed.toolName);
      }),
    );
}
