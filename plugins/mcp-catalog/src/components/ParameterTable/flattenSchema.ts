import { isObject, refName, resolve, ResolveBudget } from './resolveSchema';
import {
  constraintsOf,
  enumRowLabel,
  MAX_DEPTH,
  typeLabel,
  typesOf,
  unionOf,
} from './schemaLabels';

/** Upper bound on rows, so a schema that reuses definitions heavily cannot blow up. */
const MAX_ROWS = 500;

/** One field of a schema, as a row of the parameter table. */
export interface ParameterRow {
  /** Unique within the table. */
  key: string;
  /** Dotted path of the field: `customer.address.city`, `lines[].sku`, `tags.*`. */
  name: string;
  /** Nesting level, 0 for top-level fields. */
  depth: number;
  type: string;
  required: boolean;
  description?: string;
  /** The union variant the field belongs to, e.g. `Variant 2 (Card)`. */
  variant?: string;
  enumValues?: unknown[];
  /** Constraints and notes, one line each. */
  meta: string[];
  deprecated: boolean;
}

interface Ctx extends ResolveBudget {
  rows: ParameterRow[];
}

function joinName(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

function hasNested(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  return (
    (isObject(schema.properties) &&
      Object.keys(schema.properties).length > 0) ||
    (isObject(schema.items) &&
      (typeof schema.items.$ref === 'string' || hasNested(schema.items))) ||
    isObject(schema.additionalProperties) ||
    unionOf(schema) !== undefined
  );
}

function pushRow(ctx: Ctx, row: Omit<ParameterRow, 'key'>): boolean {
  if (ctx.rows.length >= MAX_ROWS) {
    ctx.truncated = true;
    return false;
  }
  ctx.rows.push({ ...row, key: `${ctx.rows.length}:${row.name}` });
  return true;
}

function addProperty(
  name: string,
  schema: unknown,
  required: boolean,
  depth: number,
  refs: readonly string[],
  ctx: Ctx,
  variant?: string,
) {
  const r = resolve(schema, ctx, refs);
  const s = isObject(r.schema) ? r.schema : {};
  const meta = constraintsOf(s);
  if (r.cycle) {
    meta.push(
      `Refers back to ${refName(r.cycle)}; its fields are listed above.`,
    );
  }
  if (r.broken) meta.push(`Unresolved reference: ${r.broken}`);
  if (!r.cycle && isObject(s.items)) {
    const items = resolve(s.items, ctx, r.refs);
    if (items.cycle) {
      meta.push(
        `Items refer back to ${refName(
          items.cycle,
        )}; its fields are listed above.`,
      );
    }
  }
  let description: string | undefined;
  if (typeof s.description === 'string') description = s.description;
  else if (typeof s.title === 'string') description = s.title;
  const added = pushRow(ctx, {
    name,
    depth,
    type:
      Array.isArray(s.enum) && s.enum.length > 0
        ? enumRowLabel(s, s.enum)
        : typeLabel(schema, ctx, refs),
    required,
    description,
    variant,
    enumValues: Array.isArray(s.enum) ? s.enum : undefined,
    meta,
    deprecated: s.deprecated === true,
  });
  if (!added || r.cycle || r.broken) return;
  if (depth >= MAX_DEPTH) {
    if (hasNested(s)) {
      pushRow(ctx, {
        name: `${name}.…`,
        depth: depth + 1,
        type: '',
        required: false,
        meta: [`Nested more than ${MAX_DEPTH} levels deep; not shown.`],
        deprecated: false,
      });
    }
    return;
  }
  addChildren(name, s, depth + 1, r.refs, ctx, 0);
}

/** Adds rows for the fields nested in `schema` (object properties, array items, union variants). */
function addChildren(
  prefix: string,
  schema: unknown,
  depth: number,
  refs: readonly string[],
  ctx: Ctx,
  hops: number,
  variant?: string,
) {
  if (!isObject(schema) || hops > MAX_DEPTH) return;

  if (isObject(schema.properties)) {
    const required = Array.isArray(schema.required) ? schema.required : [];
    for (const [key, value] of Object.entries(schema.properties)) {
      addProperty(
        joinName(prefix, key),
        value,
        required.includes(key),
        depth,
        refs,
        ctx,
        variant,
      );
    }
  }

  const extra = schema.additionalProperties;
  if (isObject(extra) && Object.keys(extra).length > 0) {
    addProperty(joinName(prefix, '*'), extra, false, depth, refs, ctx, variant);
  }

  if (isObject(schema.items)) {
    const items = resolve(schema.items, ctx, refs);
    if (!items.cycle && !items.broken) {
      addChildren(
        `${prefix}[]`,
        items.schema,
        depth,
        items.refs,
        ctx,
        hops + 1,
        variant,
      );
    }
  }

  const union = unionOf(schema);
  if (union) {
    const nested = union
      .map((option, index) => ({ index, r: resolve(option, ctx, refs) }))
      .filter(({ r }) => !r.cycle && !r.broken && hasNested(r.schema));
    for (const { index, r } of nested) {
      const title =
        isObject(r.schema) && typeof r.schema.title === 'string'
          ? ` (${r.schema.title})`
          : '';
      addChildren(
        prefix,
        r.schema,
        depth,
        r.refs,
        ctx,
        hops + 1,
        nested.length > 1 ? `Variant ${index + 1}${title}` : variant,
      );
    }
  }
}

/** A schema's rows; `empty` for no fields, `invalid` with a reason to show for a non-schema. */
export type FlattenedSchema =
  | { kind: 'empty' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'rows'; rows: ParameterRow[]; truncated: boolean };

/**
 * Flattens a JSON Schema (an MCP tool's `inputSchema` or `outputSchema`) into the rows of the
 * parameter table: one per field, nested fields after their parent with dotted names
 * (`customer.address.city`, `lines[].sku`, `tags.*`), `$ref`s and `allOf` resolved, union
 * variants named. Bounded: recursion is shown once, depth and rows are capped (`truncated`).
 */
export function flattenSchema(schema: unknown): FlattenedSchema {
  if (schema === undefined || schema === null) return { kind: 'empty' };
  if (!isObject(schema)) {
    const got = Array.isArray(schema) ? 'an array' : `a ${typeof schema}`;
    return {
      kind: 'invalid',
      reason: `This schema cannot be displayed: expected a JSON Schema object but got ${got}.`,
    };
  }
  const ctx: Ctx = { root: schema, rows: [], truncated: false, work: 0 };
  const r = resolve(schema, ctx, ['#']);
  const s = isObject(r.schema) ? r.schema : {};
  const types = typesOf(s);
  const objectLike =
    !r.broken &&
    !r.cycle &&
    (types.length === 0 || types.includes('object')) &&
    s.enum === undefined &&
    s.const === undefined;

  if (objectLike) {
    addChildren('', s, 0, r.refs, ctx, 0);
    if (ctx.rows.length === 0 && unionOf(s) === undefined) {
      return { kind: 'empty' };
    }
  }
  if (ctx.rows.length === 0) {
    addProperty('(value)', schema, true, 0, ['#'], ctx);
  }
  return { kind: 'rows', rows: ctx.rows, truncated: ctx.truncated };
}
