import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { McpPolicyClient } from '@mcp-platform/plugin-mcp-policy-common';
import { McpToolAccessApi } from './McpToolAccessApi';

/**
 * Asks the MCP policy backend through Backstage's fetch, which adds the user's token.
 *
 * @public
 */
export class McpToolAccessClient implements McpToolAccessApi {
  private readonly policy: McpPolicyClient;

  constructor(deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.policy = new McpPolicyClient(deps);
  }

  async evaluateMyToolCall(serverRef: string, toolName: string) {
    // No user: the engine answers about the caller, with the groups of their token.
    const { decisions } = await this.policy.evaluateToolCalls({
      tools: [{ server: serverRef, tool: toolName }],
      record: false,
    });
    return decisions[0];
  }
}
