import { createHash } from 'node:crypto';

/** The parts of a tool that define its behaviour towards a model; a change to any is a new version. */
export interface ToolDefinition {
  name: string;
  title?: string;
  description?: string;
  inputSchema: unknown;
  outputSchema?: unknown;
  annotations?: unknown;
}

/** JSON with object keys sorted at every level, so equal definitions serialise equally. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object')
    return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1)); // keys of one object are unique
  return `{${entries
    .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
    .join(',')}}`;
}

/**
 * Hashes tool definitions (SHA-256 over canonical JSON): independent of key order and of fields
 * outside the definition, such as `_meta`.
 */
export class ToolDefinitionHasher {
  static definitionOf(tool: ToolDefinition): ToolDefinition {
    return {
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema,
      outputSchema: tool.outputSchema,
      annotations: tool.annotations,
    };
  }

  static hash(tool: ToolDefinition): string {
    return createHash('sha256')
      .update(canonicalJson(ToolDefinitionHasher.definitionOf(tool)))
      .digest('hex');
  }
}
