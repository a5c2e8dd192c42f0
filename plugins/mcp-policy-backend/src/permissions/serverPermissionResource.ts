import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import { MCP_SERVER_RESOURCE_TYPE } from '@mcp-platform/plugin-mcp-policy-common';
import {
  PolicyDecisionService,
  ResolvedResource,
} from '../service/PolicyDecisionService';
import { McpResourceQuery } from './toolPermissionResource';

/** The `mcp-server` resource type (refs are the servers' entity refs), owned by the policy plugin. */
export const mcpServerPermissionResourceRef = createPermissionResourceRef<
  ResolvedResource,
  McpResourceQuery
>().with({ pluginId: 'mcp-policy', resourceType: MCP_SERVER_RESOURCE_TYPE });

/** Loads servers named by resource refs (`api:default/server`) with their facts and context. */
export function createServerResourceLoader(decisions: PolicyDecisionService) {
  return async (refs: string[]) =>
    Promise.all(
      refs.map(async ref =>
        /^api:[^/#]+\/[^/#]+$/.test(ref)
          ? decisions.resolvePermissionResource(ref)
          : undefined,
      ),
    );
}
