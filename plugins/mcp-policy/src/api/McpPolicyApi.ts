import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  DecisionLogFilter,
  DecisionLogPage,
  DeploymentConfig,
  DeploymentDecision,
  DryRunRequest,
  DryRunResponse,
  EvaluateToolCallsResponse,
  PolicySetInfo,
} from '@mcp-platform/plugin-mcp-policy-common';

/**
 * The MCP policy engine as the UI uses it; `McpPolicyClient` of
 * `@mcp-platform/plugin-mcp-policy-common` implements it.
 *
 * @public
 */
export interface McpPolicyApi {
  /** The active policy set, its rules and the errors of the last reload. */
  getPolicies(): Promise<PolicySetInfo>;
  /** Judges a deployment config; the playground passes `record: false`. */
  evaluateDeployment(
    deployment: DeploymentConfig,
    options?: { record?: boolean },
  ): Promise<DeploymentDecision>;
  /** May the user (the caller when omitted) call each of the tools? */
  evaluateToolCalls(request: {
    user?: { ref: string };
    tools: { server: string; tool: string }[];
    record?: boolean;
  }): Promise<EvaluateToolCallsResponse>;
  /** One page of the decision log, newest first. */
  getDecisions(filter?: DecisionLogFilter): Promise<DecisionLogPage>;
  /** Replays recorded decisions against candidate policies. */
  dryRun(request: DryRunRequest): Promise<DryRunResponse>;
}

/**
 * The MCP policy API's ref.
 *
 * @public
 */
export const mcpPolicyApiRef = createApiRef<McpPolicyApi>().with({
  id: 'plugin.mcp-policy.service',
  pluginId: 'mcp-policy',
});
