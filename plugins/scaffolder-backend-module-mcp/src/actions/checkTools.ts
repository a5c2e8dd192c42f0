import {
  gatewayToolName,
  gatewayToolNameProblem,
} from '@mcp-platform/plugin-mcp-catalog-common';

/** Tool names: snake_case, within MCP's limits. */
const TOOL_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const MAX_TOOLS = 50;

/** A tool as the form requests it. */
export interface RequestedTool {
  name?: string;
  description?: string;
  readOnly?: boolean;
  destructive?: boolean;
}

/** A tool name as a title: `get_balance` is "Get balance". */
function titleOf(toolName: string): string {
  const words = toolName.split('_').filter(Boolean).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The requested tools, checked (well-formed, unique names the gateway can offer; a description;
 * consistent hints) and normalised with titles and boolean hints; problems are added to
 * `problems`. Names are checked against the gateway's limit only when the server's name is valid.
 */
export function checkTools(
  requested: RequestedTool[],
  serverName: string,
  serverNameValid: boolean,
  problems: string[],
) {
  if (requested.length === 0) {
    problems.push('List at least one tool for the server to expose');
  } else if (requested.length > MAX_TOOLS) {
    problems.push(
      `${requested.length} tools requested; at most ${MAX_TOOLS}: split the server by domain`,
    );
  }
  const firstIndexByName = new Map<string, number>();
  return requested.map((tool, index) => {
    const label = `Tool ${index + 1}`;
    const toolName = (tool.name ?? '').trim();
    if (!TOOL_NAME.test(toolName)) {
      problems.push(
        `${label} name "${toolName}" is invalid: use snake_case (lower-case letters, digits and underscores, starting with a letter, at most 64), e.g. get_account_balance`,
      );
    } else if (
      serverNameValid &&
      gatewayToolNameProblem(gatewayToolName(serverName, toolName))
    ) {
      const exposed = gatewayToolName(serverName, toolName);
      problems.push(
        `${label} name "${toolName}" is too long for the MCP gateway, which offers it as "${exposed}" (${exposed.length} characters, at most 64): shorten the tool's or the server's name`,
      );
    } else if (firstIndexByName.has(toolName)) {
      problems.push(
        `${label} name "${toolName}" is already used by tool ${
          firstIndexByName.get(toolName)! + 1
        }: tool names must be unique; rename one`,
      );
    } else {
      firstIndexByName.set(toolName, index);
    }
    const description = (tool.description ?? '').trim();
    if (!description) {
      problems.push(
        `${label} ("${toolName}") has no description: models choose tools by it`,
      );
    }
    const readOnly = tool.readOnly ?? false;
    const destructive = tool.destructive ?? false;
    if (readOnly && destructive) {
      problems.push(
        `${label} ("${toolName}") is marked both read-only and destructive: untick one`,
      );
    }
    return {
      name: toolName,
      title: titleOf(toolName),
      description,
      readOnly,
      destructive,
    };
  });
}
