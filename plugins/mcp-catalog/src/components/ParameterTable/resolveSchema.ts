/**
 * Resolution of local `$ref`s and `allOf` in a JSON Schema (an MCP tool's input or output
 * schema), bounded so that a hostile or heavily shared schema cannot make it loop or blow up.
 */

/** Total schema resolutions per flattening, so heavily shared definitions cannot blow up. */
const MAX_WORK = 50_000;
/** How many `$ref` hops may be followed to resolve a single schema. */
const MAX_REF_HOPS = 32;

export type JsonObject = Record<string, unknown>;

/** The root being resolved against, and the work done so far on it. */
export interface ResolveBudget {
  root: unknown;
  /** Resolutions so far; past MAX_WORK every schema resolves to `{}`. */
  work: number;
  /** Set once anything was left out for a limit. */
  truncated: boolean;
}

/** A schema with its `$ref`s followed and `allOf` merged. */
export interface Resolved {
  schema: unknown;
  /** The `$ref`s followed to get here, outermost first. */
  refs: string[];
  /** The `$ref` that points back into a schema already being expanded. */
  cycle?: string;
  /** The `$ref` that could not be resolved inside this schema. */
  broken?: string;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A `$ref`'s name for people: `#/$defs/Address` becomes `Address`. */
export function refName(ref: string): string {
  if (ref === '#') return 'the root schema';
  const last = ref.split('/').pop() ?? ref;
  return decodePointerToken(last) || ref;
}

function decodePointerToken(token: string): string {
  let decoded = token;
  try {
    decoded = decodeURIComponent(token);
  } catch {
    // keep the raw token
  }
  return decoded.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Resolves a local JSON pointer such as `#/$defs/Address` against the root schema. */
function lookupRef(root: unknown, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const token = decodePointerToken(raw);
    if (Array.isArray(node) && /^\d+$/.test(token)) {
      node = node[Number(token)];
    } else if (
      isObject(node) &&
      Object.prototype.hasOwnProperty.call(node, token)
    ) {
      node = node[token];
    } else {
      return undefined;
    }
  }
  return node;
}

/**
 * Follows `$ref`s (keeping sibling keywords such as `description`, which take precedence)
 * and merges `allOf` parts, stopping at references already being expanded.
 */
export function resolve(
  schema: unknown,
  ctx: ResolveBudget,
  refs: readonly string[],
  hops = 0,
): Resolved {
  let current = schema;
  let path = [...refs];
  let steps = hops;
  ctx.work += 1;
  if (ctx.work > MAX_WORK) {
    ctx.truncated = true;
    return { schema: {}, refs: path };
  }
  while (isObject(current) && typeof current.$ref === 'string') {
    const { $ref: ref, ...siblings } = current as JsonObject & { $ref: string };
    if (path.includes(ref)) {
      return { schema: siblings, refs: path, cycle: ref };
    }
    steps += 1;
    const target = steps > MAX_REF_HOPS ? undefined : lookupRef(ctx.root, ref);
    if (!isObject(target) && typeof target !== 'boolean') {
      return { schema: siblings, refs: path, broken: ref };
    }
    path = [...path, ref];
    current = typeof target === 'boolean' ? target : { ...target, ...siblings };
  }

  if (isObject(current) && Array.isArray(current.allOf)) {
    const { allOf, ...own } = current;
    let merged: JsonObject = {};
    let properties: JsonObject = {};
    const required: string[] = [];
    for (const part of [...allOf, own]) {
      const r = resolve(part, ctx, path, steps);
      if (r.cycle || r.broken || !isObject(r.schema)) continue;
      merged = { ...merged, ...r.schema };
      if (isObject(r.schema.properties)) {
        properties = { ...properties, ...r.schema.properties };
      }
      if (Array.isArray(r.schema.required)) {
        required.push(
          ...r.schema.required.filter(
            (x): x is string => typeof x === 'string',
          ),
        );
      }
    }
    if (Object.keys(properties).length > 0) merged.properties = properties;
    if (required.length > 0) merged.required = [...new Set(required)];
    current = merged;
  }

  return { schema: current, refs: path };
}
