/**
 * What the parameter table says of one schema: its type label and its constraints, in words.
 */
import {
  isObject,
  JsonObject,
  refName,
  resolve,
  ResolveBudget,
} from './resolveSchema';

/** Rows nested deeper than this are summarised instead of shown. */
export const MAX_DEPTH = 10;
/** Enums with more values than this get a short type label; every value is still listed. */
const MAX_ENUM_IN_TYPE = 8;
/** Longest rendering of a default/example value before it is cut. */
const MAX_JSON_CHARS = 200;

/** A value as JSON, cut at MAX_JSON_CHARS; never throws (cycles, BigInt). */
export function safeJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) text = String(value);
  return text.length > MAX_JSON_CHARS
    ? `${text.slice(0, MAX_JSON_CHARS)}…`
    : text;
}

/** The types a schema allows, from `type` or, without one, from its keywords. */
export function typesOf(schema: JsonObject): string[] {
  if (Array.isArray(schema.type)) {
    return schema.type.filter((t): t is string => typeof t === 'string');
  }
  if (typeof schema.type === 'string') return [schema.type];
  if (isObject(schema.properties) || isObject(schema.additionalProperties)) {
    return ['object'];
  }
  if (schema.items !== undefined) return ['array'];
  return [];
}

/**
 * The type of a row whose allowed values are listed beside it as chips: `string, one of 4`
 * rather than the values again, which a narrow type column would break mid-word.
 */
export function enumRowLabel(schema: JsonObject, values: unknown[]): string {
  let types = typesOf(schema);
  if (types.length === 0) {
    types = [
      ...new Set(
        values.map(v => {
          if (v === null) return 'null';
          if (Array.isArray(v)) return 'array';
          if (typeof v === 'number')
            return Number.isInteger(v) ? 'integer' : 'number';
          return typeof v;
        }),
      ),
    ];
  }
  return `${types.join(' | ')}, one of ${values.length}`;
}

/** The variants of an `anyOf` or `oneOf`. */
export function unionOf(schema: JsonObject): unknown[] | undefined {
  if (Array.isArray(schema.anyOf)) return schema.anyOf;
  if (Array.isArray(schema.oneOf)) return schema.oneOf;
  return undefined;
}

function numberRange(schema: JsonObject): string | undefined {
  // zod's .int() emits ±MAX_SAFE_INTEGER bounds that only mean "an integer": not worth showing.
  const num = (v: unknown) =>
    typeof v === 'number' && Math.abs(v) < Number.MAX_SAFE_INTEGER
      ? v
      : undefined;
  let min = num(schema.minimum);
  let max = num(schema.maximum);
  let exMin = num(schema.exclusiveMinimum);
  let exMax = num(schema.exclusiveMaximum);
  // draft-04 style: boolean exclusive flags modify minimum/maximum
  if (schema.exclusiveMinimum === true && min !== undefined) {
    exMin = min;
    min = undefined;
  }
  if (schema.exclusiveMaximum === true && max !== undefined) {
    exMax = max;
    max = undefined;
  }
  if (min !== undefined && max !== undefined) return `${min}–${max}`;
  const parts: string[] = [];
  if (min !== undefined) parts.push(`≥ ${min}`);
  if (exMin !== undefined) parts.push(`> ${exMin}`);
  if (max !== undefined) parts.push(`≤ ${max}`);
  if (exMax !== undefined) parts.push(`< ${exMax}`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

function singleTypeLabel(
  type: string,
  schema: JsonObject,
  ctx: ResolveBudget,
  refs: readonly string[],
  depth: number,
): string {
  switch (type) {
    case 'array': {
      const items = schema.items;
      if (!isObject(items)) return 'array';
      const label = typeLabel(items, ctx, refs, depth + 1);
      return `array of ${label.includes(' | ') ? `(${label})` : label}`;
    }
    case 'integer':
    case 'number': {
      const range = numberRange(schema);
      return range ? `${type} (${range})` : type;
    }
    case 'string':
      return typeof schema.format === 'string'
        ? `string (${schema.format})`
        : 'string';
    default:
      return type;
  }
}

/** The type column of a field: `string (email)`, `array of object`, `"a" | "b"`, `integer (1–100)`... */
export function typeLabel(
  schema: unknown,
  ctx: ResolveBudget,
  refs: readonly string[],
  depth = 0,
): string {
  if (depth > MAX_DEPTH) return '…';
  const r = resolve(schema, ctx, refs);
  if (r.cycle) return `${refName(r.cycle)} (recursive)`;
  if (r.broken) return `unresolved ${r.broken}`;
  const s = r.schema;
  if (s === undefined || s === true) return 'any';
  if (s === false) return 'never';
  if (!isObject(s)) return 'invalid schema';

  if (Object.prototype.hasOwnProperty.call(s, 'const'))
    return safeJson(s.const);
  const types = typesOf(s);
  if (Array.isArray(s.enum) && s.enum.length > 0) {
    if (s.enum.length <= MAX_ENUM_IN_TYPE) {
      return s.enum.map(v => safeJson(v)).join(' | ');
    }
    return `${types.join(' | ') || 'enum'} (one of ${s.enum.length})`;
  }
  const union = unionOf(s);
  if (union && union.length > 0) {
    const labels = union.map(v => typeLabel(v, ctx, r.refs, depth + 1));
    return [...new Set(labels)].join(' | ');
  }
  if (types.length === 0) return 'any';
  return types.map(t => singleTypeLabel(t, s, ctx, r.refs, depth)).join(' | ');
}

/** The lines under a field's description: pattern, lengths, counts, default, example. */
export function constraintsOf(schema: JsonObject): string[] {
  const meta: string[] = [];
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const span = (label: string, min?: number, max?: number, unit = '') => {
    if (min !== undefined && max !== undefined) {
      meta.push(
        min === max
          ? `${label}: exactly ${min}${unit}`
          : `${label}: ${min}–${max}${unit}`,
      );
    } else if (min !== undefined) {
      meta.push(`${label}: at least ${min}${unit}`);
    } else if (max !== undefined) {
      meta.push(`${label}: at most ${max}${unit}`);
    }
  };
  if (typeof schema.pattern === 'string') {
    meta.push(`Pattern: ${schema.pattern}`);
  }
  span('Length', num(schema.minLength), num(schema.maxLength), ' characters');
  span('Items', num(schema.minItems), num(schema.maxItems));
  span('Properties', num(schema.minProperties), num(schema.maxProperties));
  if (schema.uniqueItems === true) meta.push('Items must be unique');
  if (typeof schema.multipleOf === 'number') {
    meta.push(`Multiple of: ${schema.multipleOf}`);
  }
  if (Object.prototype.hasOwnProperty.call(schema, 'default')) {
    meta.push(`Default: ${safeJson(schema.default)}`);
  }
  if (Array.isArray(schema.examples) && schema.examples.length > 0) {
    meta.push(`Example: ${safeJson(schema.examples[0])}`);
  }
  return meta;
}
