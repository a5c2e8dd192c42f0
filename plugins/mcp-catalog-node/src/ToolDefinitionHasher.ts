import { createHash } from 'node:crypto';

/**
 * The parts of a tool that define its behaviour towards a model; a change to any is a new version.
 *
 * @public
 */
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
 *
 * @public
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
 * A tool's definition as discovery records it.
 *
 * @public
 */
export interface HashedDefinition {
  /** SHA-256 over the canonical JSON. */
  hash: string;
  /** The definition's plain JSON, as `JSON.stringify(ToolDefinitionHasher.definitionOf(tool))`. */
  json: string;
  /** The input schema's JSON, part of `json`. */
  inputSchemaJson: string;
}

/**
 * The plain JSON of a definition, with the input schema's JSON given: what JSON.stringify makes of
 * `definitionOf(tool)` (the same keys in the same order, those without a JSON value left out),
 * without serialising the schema a second time.
 */
function definitionJson(tool: ToolDefinition, inputSchemaJson: string): string {
  let out = '{';
  const add = (key: string, json: string | undefined) => {
    if (json === undefined) return;
    if (out.length > 1) out += ',';
    out += `"${key}":${json}`;
  };
  add('name', JSON.stringify(tool.name));
  add('title', JSON.stringify(tool.title));
  add('description', JSON.stringify(tool.description));
  add('inputSchema', inputSchemaJson);
  add('outputSchema', JSON.stringify(tool.outputSchema));
  add('annotations', JSON.stringify(tool.annotations));
  return `${out}}`;
}

/** Hashes of definitions by their plain JSON text, bounded by the characters kept. */
const knownHashes = new Map<string, string>();
let knownChars = 0;
const MAX_KNOWN_CHARS = 4_000_000;

/**
 * Hashes tool definitions (SHA-256 over canonical JSON): independent of key order and of fields
 * outside the definition, such as `_meta`.
 *
 * @public
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
   * The hash with the definition's plain JSON (what a version row stores) and its input schema's
   * JSON (given if already serialised). A definition seen before, as on every rediscovery of an
   * unchanged server, costs the JSON and a lookup. Discovery computes this once per tool, when
   * the tool arrives.
   */
  static hashWithJson(
    tool: ToolDefinition,
    inputSchemaJson: string = JSON.stringify(tool.inputSchema),
  ): HashedDefinition {
    const json = definitionJson(tool, inputSchemaJson);
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
    return { hash, json, inputSchemaJson };
  }

  static hash(tool: ToolDefinition): string {
    return createHash('sha256')
      .update(canonicalJson(ToolDefinitionHasher.definitionOf(tool)))
      .digest('hex');
  }
}
