import { LoggerService } from '@backstage/backend-plugin-api';
import {
  createPermissionRule,
  PermissionResourceRef,
} from '@backstage/plugin-permission-node';
import { MCP_POLICY_PERMISSION_RULE } from '@mcp-platform/plugin-mcp-policy-common';
import { z } from 'zod';
import {
  PolicyDecisionService,
  ResolvedResource,
} from '../service/PolicyDecisionService';
import { McpResourceQuery } from './toolPermissionResource';

/**
 * Runs the engine's permission rules for the user and permission in the condition's params on a
 * tool or server: how owners get to approve and refresh their own servers while others do not.
 */
export function createPermissionResourceRule<
  TResourceType extends string,
>(options: {
  decisions: PolicyDecisionService;
  logger: LoggerService;
  resourceRef: PermissionResourceRef<
    ResolvedResource,
    McpResourceQuery,
    TResourceType,
    'mcp-policy'
  >;
}) {
  return createPermissionRule({
    name: MCP_POLICY_PERMISSION_RULE,
    description:
      "Allows when the MCP policy engine's permission rules allow this user the permission on this resource",
    resourceRef: options.resourceRef,
    paramsSchema: z.object({
      userRef: z.string().describe('User entity ref of the caller'),
      groups: z
        .array(z.string())
        .describe('Ownership refs of the caller (the user and their groups)'),
      permission: z.string().describe('The permission asked about'),
      action: z.string().describe("The permission's action"),
    }),
    apply(resource, params) {
      const decided = options.decisions.decidePermission(
        resource,
        { ref: params.userRef, groups: params.groups },
        { name: params.permission, action: params.action },
      );
      // Enforced decision: logged without holding up the permission response.
      options.decisions
        .recordPermission(decided, 'plugin:permission')
        .catch(error =>
          options.logger.error(`Could not log a permission decision: ${error}`),
        );
      return decided.decision.result === 'allow';
    },
    toQuery() {
      throw new Error(
        `${MCP_POLICY_PERMISSION_RULE} is decided per resource; ask with a resourceRef`,
      );
    },
  });
}
