import {
  FINDING_SEVERITIES,
  McpToolSummary,
} from '@mcp-platform/plugin-mcp-catalog-common';

const HIGH = FINDING_SEVERITIES.indexOf('high');

/**
 * A tool as agents connected to Backstage's MCP endpoint see it. Descriptions of tools with
 * high or critical findings are withheld: they are likely prompt injection aimed at the very
 * agent reading this output.
 */
export function toolForAgents(tool: McpToolSummary) {
  const risky =
    tool.maxSeverity !== undefined &&
    FINDING_SEVERITIES.indexOf(tool.maxSeverity) >= HIGH;
  return {
    server: tool.serverRef,
    name: tool.name,
    title: tool.title,
    description: risky
      ? `[withheld: the description has ${tool.maxSeverity} risk findings; review it in the MCP catalog]`
      : tool.description,
    owner: tool.owner,
    readOnly: tool.readOnly,
    destructive: tool.destructive,
    approval: tool.approval,
    maxFindingSeverity: tool.maxSeverity,
  };
}
