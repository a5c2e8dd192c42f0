import { parseToolResourceRef } from '@mcp-platform/plugin-mcp-policy-common';

/** Tools to ask about, and the lines that are not `api:<namespace>/<name>#<tool>`. */
export function parseToolLines(text: string): {
  tools: { server: string; tool: string }[];
  errors: string[];
} {
  const tools: { server: string; tool: string }[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    try {
      const { serverRef, toolName } = parseToolResourceRef(line);
      tools.push({ server: serverRef, tool: toolName });
    } catch {
      errors.push(
        `Line ${index + 1}: "${line}" is not api:<namespace>/<server>#<tool>`,
      );
    }
  });
  return { tools, errors };
}
