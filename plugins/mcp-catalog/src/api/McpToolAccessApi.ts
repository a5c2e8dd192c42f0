import { createApiRef } from '@backstage/core-plugin-api';
import { ToolCallDecision } from '@mcp-platform/plugin-mcp-policy-common';

/**
 * The MCP policy engine's answer to "may I call this tool?", for the signed-in user.
 *
 * @public
 */
export interface McpToolAccessApi {
  /**
   * Asks the engine (`POST /api/mcp-policy/v1/tool-calls/evaluate`) whether the signed-in user
   * may call the tool, with the rules that decided. A what-if: nothing is written to the log.
   */
  evaluateMyToolCall(
    serverRef: string,
    toolName: string,
  ): Promise<ToolCallDecision>;
}

/**
 * The tool access API's ref.
 *
 * @public
 */
export const mcpToolAccessApiRef = createApiRef<McpToolAccessApi>({
  id: 'plugin.mcp-catalog.tool-access',
});
