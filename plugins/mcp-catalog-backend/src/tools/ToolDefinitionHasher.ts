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

/**
 * JSON with object keys sorted at every level (UTF-16 code unit order, as `<` compares), so equal
 * definitions serialise equally. Built as one string, without intermediate arrays: every
 * discovered tool goes through here. The output must not change: stored hashes depend on it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object')
    return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += canonicalJson(value[i]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort(); // keys of one object are unique
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}

/**
 * The hash and JSON of each tool object already hashed: a discovered tool is hashed when it
 * arrives and looked up again when it is recorded. Tool objects are not changed in between.
 */
const byObject = new WeakMap<object, { hash: string; json: string }>();

/** Hashes of definitions by their plain JSON text, bounded by the characters kept. */
const knownHashes = new Map<string, string>();
let knownChars = 0;
const MAX_KNOWN_CHARS = 4_000_000;

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

  /**
   * The hash with the definition's plain JSON (what a version row stores). A definition seen
   * before, as on every rediscovery of an unchanged server, costs the JSON and a lookup.
   */
  static hashWithJson(tool: ToolDefinition): { hash: string; json: string } {
    const known = byObject.get(tool);
    if (known) return known;
    const json = JSON.stringify(ToolDefinitionHasher.definitionOf(tool));
    let hash = knownHashes.get(json);
    if (hash === undefined) {
      hash = ToolDefinitionHasher.hash(tool);
      if (knownChars + json.length > MAX_KNOWN_CHARS) {
        knownHashes.clear();
        knownChars = 0;
      }
      knownHashes.set(json, hash);
      knownChars += json.length;
    }
    const result = { hash, json };
    byObject.set(tool, result);
    return result;
  }

  static hash(tool: ToolDefinition): string {
    return createHash('sha256')
      .update(canonicalJson(ToolDefinitionHasher.definitionOf(tool)))
      .digest('hex');
  }
}
