import { flattenSchema, ParameterRow } from './flattenSchema';
import { resolve } from './resolveSchema';

/** The rows of a schema that has some, without their React keys. */
function rowsOf(schema: unknown): Omit<ParameterRow, 'key'>[] {
  const flattened = flattenSchema(schema);
  if (flattened.kind !== 'rows') throw new Error(`no rows: ${flattened.kind}`);
  return flattened.rows.map(({ key: _key, ...row }) => row);
}

const row = (schema: unknown, name: string) => {
  const found = rowsOf(schema).find(r => r.name === name);
  if (!found) throw new Error(`no row ${name}`);
  return found;
};

describe('flattenSchema', () => {
  it('lists nested fields after their parent with dotted names, each with its own required flag', () => {
    const schema = {
      type: 'object',
      required: ['customer'],
      properties: {
        customer: {
          type: 'object',
          description: 'Who is paying',
          required: ['name'],
          properties: {
            name: { type: 'string' },
            address: {
              type: 'object',
              properties: { city: { type: 'string' } },
              required: ['city'],
            },
          },
        },
        note: { type: 'string', title: 'A note' },
      },
    };
    expect(
      rowsOf(schema).map(r => [r.name, r.depth, r.type, r.required]),
    ).toEqual([
      ['customer', 0, 'object', true],
      ['customer.name', 1, 'string', true],
      ['customer.address', 1, 'object', false],
      ['customer.address.city', 2, 'string', true],
      ['note', 0, 'string', false],
    ]);
    expect(row(schema, 'customer').description).toBe('Who is paying');
    // Without a description, the title describes the field.
    expect(row(schema, 'note').description).toBe('A note');
  });

  it('names array items name[].field and map values name.*', () => {
    const schema = {
      type: 'object',
      properties: {
        lines: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            properties: { sku: { type: 'string' } },
            required: ['sku'],
          },
        },
        tags: { type: 'array', items: { type: 'string' } },
        limits: {
          type: 'object',
          additionalProperties: { type: 'integer', minimum: 0 },
        },
      },
    };
    expect(rowsOf(schema).map(r => [r.name, r.type])).toEqual([
      ['lines', 'array of object'],
      ['lines[].sku', 'string'],
      ['tags', 'array of string'],
      ['limits', 'object'],
      ['limits.*', 'integer (≥ 0)'],
    ]);
    expect(row(schema, 'lines').meta).toEqual(['Items: at least 1']);
    expect(row(schema, 'lines[].sku').required).toBe(true);
  });

  it('labels types with formats, ranges, constants and enums, and lists constraints', () => {
    const schema = {
      type: 'object',
      properties: {
        email: {
          type: 'string',
          format: 'email',
          pattern: '^[^@]+@',
          minLength: 3,
          maxLength: 3,
          default: 'a@b',
          examples: ['x@y'],
        },
        quantity: { type: 'integer', minimum: 1, maximum: 100 },
        // zod's .int() bounds only mean "an integer".
        count: {
          type: 'integer',
          minimum: -9007199254740991,
          maximum: 9007199254740991,
        },
        // draft-04: boolean exclusive flags turn minimum into a strict bound.
        ratio: { type: 'number', minimum: 0, exclusiveMinimum: true },
        kind: { const: 'refund' },
        status: { type: 'string', enum: ['open', 'paid'] },
        anything: true,
        nothing: false,
        union: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        old: { type: 'string', deprecated: true },
      },
    };
    expect(
      Object.fromEntries(rowsOf(schema).map(r => [r.name, r.type])),
    ).toEqual({
      email: 'string (email)',
      quantity: 'integer (1–100)',
      count: 'integer',
      ratio: 'number (> 0)',
      kind: '"refund"',
      status: 'string, one of 2',
      anything: 'any',
      nothing: 'never',
      union: 'string | null',
      old: 'string',
    });
    expect(row(schema, 'email').meta).toEqual([
      'Pattern: ^[^@]+@',
      'Length: exactly 3 characters',
      'Default: "a@b"',
      'Example: "x@y"',
    ]);
    expect(row(schema, 'status').enumValues).toEqual(['open', 'paid']);
    expect(row(schema, 'old').deprecated).toBe(true);
    expect(row(schema, 'email').deprecated).toBe(false);
  });

  it('resolves $refs, their sibling keywords taking precedence, and merges allOf', () => {
    const schema = {
      type: 'object',
      properties: {
        shipTo: { $ref: '#/$defs/Address', description: 'Where it goes' },
        billTo: { $ref: '#/definitions/Address' },
        payment: {
          allOf: [
            { $ref: '#/$defs/Amount' },
            {
              properties: { reference: { type: 'string' } },
              required: ['reference'],
            },
          ],
        },
      },
      $defs: {
        Address: {
          type: 'object',
          description: 'A postal address',
          properties: { city: { type: 'string' } },
        },
        Amount: {
          type: 'object',
          properties: { cents: { type: 'integer' } },
          required: ['cents'],
        },
      },
      definitions: {
        Address: { type: 'object', properties: { zip: { type: 'string' } } },
      },
    };
    expect(rowsOf(schema).map(r => [r.name, r.required])).toEqual([
      ['shipTo', false],
      ['shipTo.city', false],
      ['billTo', false],
      ['billTo.zip', false],
      ['payment', false],
      ['payment.cents', true],
      ['payment.reference', true],
    ]);
    expect(row(schema, 'shipTo').description).toBe('Where it goes');
  });

  it('shows a recursive $ref once and says so, and names a $ref it cannot resolve', () => {
    const schema = {
      type: 'object',
      properties: {
        tree: { $ref: '#/$defs/Node' },
        missing: { $ref: '#/$defs/Nowhere' },
      },
      $defs: {
        Node: {
          type: 'object',
          properties: {
            label: { type: 'string' },
            children: { type: 'array', items: { $ref: '#/$defs/Node' } },
          },
        },
      },
    };
    expect(rowsOf(schema).map(r => [r.name, r.type])).toEqual([
      ['tree', 'object'],
      ['tree.label', 'string'],
      ['tree.children', 'array of Node (recursive)'],
      ['missing', 'unresolved #/$defs/Nowhere'],
    ]);
    expect(row(schema, 'tree.children').meta).toEqual([
      'Items refer back to Node; its fields are listed above.',
    ]);
    expect(row(schema, 'missing').meta).toEqual([
      'Unresolved reference: #/$defs/Nowhere',
    ]);
  });

  it('names the union variant each nested field belongs to', () => {
    const schema = {
      type: 'object',
      properties: {
        method: {
          oneOf: [
            {
              type: 'object',
              title: 'Card',
              properties: { number: { type: 'string' } },
            },
            { type: 'object', properties: { iban: { type: 'string' } } },
          ],
        },
      },
    };
    expect(rowsOf(schema).map(r => [r.name, r.variant])).toEqual([
      ['method', undefined],
      ['method.number', 'Variant 1 (Card)'],
      ['method.iban', 'Variant 2'],
    ]);
  });

  it('summarises fields nested more than 10 levels deep', () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let level = 11; level >= 0; level--) {
      schema = { type: 'object', properties: { [`l${level}`]: schema } };
    }
    const rows = rowsOf(schema);
    expect(rows).toHaveLength(12);
    expect(rows[10].name).toBe('l0.l1.l2.l3.l4.l5.l6.l7.l8.l9.l10');
    expect(rows[11]).toMatchObject({
      name: 'l0.l1.l2.l3.l4.l5.l6.l7.l8.l9.l10.…',
      depth: 11,
      meta: ['Nested more than 10 levels deep; not shown.'],
    });
  });

  it('stops at 500 rows when definitions are reused exponentially, and says it did', () => {
    const $defs: Record<string, unknown> = { D20: { type: 'string' } };
    for (let i = 19; i >= 0; i--) {
      $defs[`D${i}`] = {
        type: 'object',
        properties: {
          a: { $ref: `#/$defs/D${i + 1}` },
          b: { $ref: `#/$defs/D${i + 1}` },
        },
      };
    }
    const flattened = flattenSchema({ $ref: '#/$defs/D0', $defs });
    expect(flattened).toMatchObject({ kind: 'rows', truncated: true });
    expect(flattened.kind === 'rows' && flattened.rows).toHaveLength(500);
  });

  it('shows a schema that is not an object as one row', () => {
    expect(rowsOf({ type: 'string', enum: ['a', 'b'] })).toEqual([
      {
        name: '(value)',
        depth: 0,
        type: 'string, one of 2',
        required: true,
        enumValues: ['a', 'b'],
        meta: [],
        deprecated: false,
      },
    ]);
    expect(rowsOf({ type: 'array', items: { type: 'integer' } })).toEqual([
      expect.objectContaining({ name: '(value)', type: 'array of integer' }),
    ]);
  });

  it('has no rows for no schema or an object without fields', () => {
    expect(flattenSchema(undefined)).toEqual({ kind: 'empty' });
    expect(flattenSchema(null)).toEqual({ kind: 'empty' });
    expect(flattenSchema({})).toEqual({ kind: 'empty' });
    expect(flattenSchema({ type: 'object', properties: {} })).toEqual({
      kind: 'empty',
    });
  });

  it('says what is wrong with something that is not a schema', () => {
    expect(flattenSchema('string')).toEqual({
      kind: 'invalid',
      reason:
        'This schema cannot be displayed: expected a JSON Schema object but got a string.',
    });
    expect(flattenSchema([{ type: 'string' }])).toMatchObject({
      kind: 'invalid',
      reason: expect.stringContaining('but got an array'),
    });
  });

  it('keys every row uniquely', () => {
    const flattened = flattenSchema({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      additionalProperties: { type: 'string' },
    });
    const keys =
      flattened.kind === 'rows' ? flattened.rows.map(r => r.key) : [];
    expect(new Set(keys).size).toBe(3);
  });
});

describe('resolve', () => {
  const budget = (root: unknown) => ({ root, work: 0, truncated: false });

  it('follows a chain of $refs and records the path', () => {
    const root = {
      $defs: { A: { $ref: '#/$defs/B' }, B: { type: 'string' } },
    };
    expect(resolve({ $ref: '#/$defs/A' }, budget(root), ['#'])).toEqual({
      schema: { type: 'string' },
      refs: ['#', '#/$defs/A', '#/$defs/B'],
    });
  });

  it('decodes JSON pointer escapes (~0, ~1, percent-encoding)', () => {
    const root = { $defs: { 'a/b~c d': { type: 'boolean' } } };
    expect(
      resolve({ $ref: '#/$defs/a~1b~0c%20d' }, budget(root), []).schema,
    ).toEqual({ type: 'boolean' });
  });

  it('stops at a $ref already being expanded and at one with no target', () => {
    const root = { $defs: { Loop: { $ref: '#/$defs/Loop' } } };
    expect(resolve({ $ref: '#/$defs/Loop' }, budget(root), [])).toMatchObject({
      cycle: '#/$defs/Loop',
    });
    expect(
      resolve({ $ref: 'https://example.com/schema' }, budget(root), []),
    ).toMatchObject({ broken: 'https://example.com/schema' });
  });

  it('gives up after 32 $ref hops', () => {
    const $defs: Record<string, unknown> = { R40: { type: 'string' } };
    for (let i = 0; i < 40; i++) $defs[`R${i}`] = { $ref: `#/$defs/R${i + 1}` };
    expect(resolve({ $ref: '#/$defs/R0' }, budget({ $defs }), []).broken).toBe(
      '#/$defs/R32',
    );
  });
});
