import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';

/** Rows nested deeper than this are summarised instead of shown. */
const MAX_DEPTH = 10;
/** Upper bound on rendered rows, so a schema that reuses definitions heavily cannot blow up. */
const MAX_ROWS = 500;
/** Total schema resolutions per render, so heavily shared definitions cannot blow up. */
const MAX_WORK = 50_000;
/** How many `$ref` hops may be followed to resolve a single schema. */
const MAX_REF_HOPS = 32;
/** Enums with more values than this get a short type label; every value is still listed. */
const MAX_ENUM_IN_TYPE = 8;
/** Longest rendering of a default/example value before it is cut. */
const MAX_JSON_CHARS = 200;

type JsonObject = Record<string, unknown>;

interface Row {
  key: string;
  name: string;
  depth: number;
  type: string;
  required: boolean;
  description?: string;
  variant?: string;
  enumValues?: unknown[];
  meta: string[];
  deprecated: boolean;
}

interface Ctx {
  root: unknown;
  rows: Row[];
  truncated: boolean;
  work: number;
}

interface Resolved {
  schema: unknown;
  refs: string[];
  /** The `$ref` that points back into a schema already being expanded. */
  cycle?: string;
  /** The `$ref` that could not be resolved inside this schema. */
  broken?: string;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeJson(value: unknown): string {
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

function refName(ref: string): string {
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
function resolve(
  schema: unknown,
  ctx: Ctx,
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

function typesOf(schema: JsonObject): string[] {
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
function enumRowLabel(schema: JsonObject, values: unknown[]): string {
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

function unionOf(schema: JsonObject): unknown[] | undefined {
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
  ctx: Ctx,
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

function typeLabel(
  schema: unknown,
  ctx: Ctx,
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

function constraintsOf(schema: JsonObject): string[] {
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

function pushRow(ctx: Ctx, row: Omit<Row, 'key'>): boolean {
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

type Parsed =
  | { kind: 'empty' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'rows'; rows: Row[]; truncated: boolean };

function parseSchema(schema: unknown): Parsed {
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

const useStyles = makeStyles((theme: Theme) => ({
  name: {
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    // Break only at the dots of nested names, never inside a parameter name.
    whiteSpace: 'nowrap',
  },
  nameCell: {
    verticalAlign: 'top',
    borderLeft: 'none',
    minWidth: 120,
  },
  cell: {
    verticalAlign: 'top',
  },
  type: {
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    overflowWrap: 'break-word',
    display: 'inline-block',
    minWidth: 80,
  },
  description: {
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
  meta: {
    display: 'block',
    fontFamily: 'monospace',
    color: theme.palette.text.secondary,
    overflowWrap: 'anywhere',
    marginTop: theme.spacing(0.5),
  },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    marginTop: theme.spacing(0.5),
  },
  chip: {
    fontFamily: 'monospace',
  },
  optional: {
    color: theme.palette.text.secondary,
  },
}));

function enumLabel(value: unknown): string {
  return typeof value === 'string' ? value : safeJson(value);
}

/**
 * Renders an MCP tool's JSON Schema (`inputSchema` / `outputSchema`) as a table of
 * fields with their type, whether they are required, and their description.
 */
export function ParameterTable(props: {
  schema: Record<string, unknown> | undefined;
  emptyText?: string;
}) {
  const { schema, emptyText = 'This tool takes no parameters.' } = props;
  const classes = useStyles();
  const parsed = parseSchema(schema);

  if (parsed.kind === 'empty') {
    return (
      <Typography variant="body2" color="textSecondary">
        {emptyText}
      </Typography>
    );
  }
  if (parsed.kind === 'invalid') {
    return (
      <Typography variant="body2" color="error">
        {parsed.reason}
      </Typography>
    );
  }

  return (
    <>
      <TableContainer>
        <Table size="small" aria-label="Parameters">
          <TableHead>
            <TableRow>
              <TableCell>Name</TableCell>
              <TableCell>Type</TableCell>
              <TableCell>Required</TableCell>
              <TableCell>Description</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {parsed.rows.map(row => (
              <TableRow key={row.key}>
                <TableCell
                  className={classes.nameCell}
                  style={{ paddingLeft: `${16 + row.depth * 20}px` }}
                >
                  <code className={classes.name}>{row.name}</code>
                </TableCell>
                <TableCell className={classes.cell}>
                  <code className={classes.type}>{row.type}</code>
                </TableCell>
                <TableCell className={classes.cell}>
                  {row.required ? (
                    <Chip label="required" size="small" color="primary" />
                  ) : (
                    <Typography variant="caption" className={classes.optional}>
                      optional
                    </Typography>
                  )}
                </TableCell>
                <TableCell className={classes.cell}>
                  {row.variant && (
                    <Typography variant="caption" className={classes.meta}>
                      {`Only in ${row.variant}`}
                    </Typography>
                  )}
                  {row.description && (
                    <Typography variant="body2" className={classes.description}>
                      {row.description}
                    </Typography>
                  )}
                  {(row.deprecated ||
                    (row.enumValues && row.enumValues.length > 0)) && (
                    <div className={classes.chips}>
                      {row.deprecated && (
                        <Chip label="deprecated" size="small" />
                      )}
                      {row.enumValues && row.enumValues.length > 0 && (
                        <>
                          <Typography variant="caption" color="textSecondary">
                            Allowed values:
                          </Typography>
                          {row.enumValues.map((value, i) => (
                            <Chip
                              key={i}
                              label={enumLabel(value)}
                              size="small"
                              variant="outlined"
                              className={classes.chip}
                            />
                          ))}
                        </>
                      )}
                    </div>
                  )}
                  {row.meta.map((line, i) => (
                    <Typography
                      key={i}
                      variant="caption"
                      className={classes.meta}
                    >
                      {line}
                    </Typography>
                  ))}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {parsed.truncated && (
        <Typography variant="caption" color="textSecondary">
          This schema is too large to show completely; some fields are left out.
        </Typography>
      )}
    </>
  );
}
