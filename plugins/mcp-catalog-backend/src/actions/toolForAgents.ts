import {
  FINDING_SEVERITIES,
  FindingSeverity,
  McpFinding,
  McpToolSummary,
} from '@mcp-platform/plugin-mcp-catalog-common';

const HIGH = FINDING_SEVERITIES.indexOf('high');

/**
 * A description as agents connected to Backstage's MCP endpoint may read it. Descriptions with
 * high or critical findings are withheld: they are likely prompt injection aimed at the very
 * agent reading this output.
 */
export function descriptionForAgents(
  description: string | undefined,
  maxSeverity: FindingSeverity | undefined,
): string | undefined {
  return withheldForAgents(maxSeverity)
    ? `[withheld: the description has ${maxSeverity} risk findings; review it in the MCP catalog]`
    : description;
}

/** Whether an item's server-written texts (description, title) are kept from agents. */
export function withheldForAgents(
  maxSeverity: FindingSeverity | undefined,
): boolean {
  return (
    maxSeverity !== undefined && FINDING_SEVERITIES.indexOf(maxSeverity) >= HIGH
  );
}

/** The most serious finding of one item (tool or prompt) of a server. */
export function maxSeverityOf(
  findings: McpFinding[],
  itemKind: McpFinding['itemKind'],
  itemName: string,
): FindingSeverity | undefined {
  let max = -1;
  for (const f of findings) {
    if (f.itemKind === itemKind && f.itemName === itemName)
      max = Math.max(max, FINDING_SEVERITIES.indexOf(f.severity));
  }
  return max >= 0 ? FINDING_SEVERITIES[max] : undefined;
}

/** A tool as agents connected to Backstage's MCP endpoint see it (see descriptionForAgents). */
export function toolForAgents(tool: McpToolSummary) {
  return {
    server: tool.serverRef,
    name: tool.name,
    // The title is the server's text too, and scanned with the description.
    title: withheldForAgents(tool.maxSeverity) ? undefined : tool.title,
    description: descriptionForAgents(tool.description, tool.maxSeverity),
    owner: tool.owner,
    readOnly: tool.readOnly,
    destructive: tool.destructive,
    approval: tool.approval,
    maxFindingSeverity: tool.maxSeverity,
  };
}
