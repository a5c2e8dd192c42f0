import { ToolDefinitionHasher, canonicalJson } from './ToolDefinitionHasher';

describe('ToolDefinitionHasher', () => {
  const tool = {
    name: 'refund_payment',
    description: 'Refunds a payment',
    inputSchema: {
      type: 'object',
      properties: { paymentId: { type: 'string' } },
      required: ['paymentId'],
    },
    annotations: { destructiveHint: true },
  };

  it('ignores key order and fields outside the definition', () => {
    const reordered = {
      annotations: { destructiveHint: true },
      inputSchema: {
        required: ['paymentId'],
        properties: { paymentId: { type: 'string' } },
        type: 'object',
      },
      description: 'Refunds a payment',
      name: 'refund_payment',
      _meta: { 'io.example/trace': 'abc' },
    };
    expect(ToolDefinitionHasher.hash(reordered)).toBe(
      ToolDefinitionHasher.hash(tool),
    );
    expect(ToolDefinitionHasher.hash(tool)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps the hashes already stored: the same definition, the same hash, release after release', () => {
    // Pinned: a changed serialisation would show every stored tool as changed after an upgrade.
    expect(ToolDefinitionHasher.hash(tool)).toBe(
      '2e81ff24e316f8ded9b3aea92cd4d37d432a28ddbb6038f5e1997d210e017f68',
    );
    expect(
      canonicalJson({ '10': 1, '9': 2, b: 3, B: 4, é: 5, '': 6, a: [-0] }),
    ).toBe('{"":6,"10":1,"9":2,"B":4,"a":[0],"b":3,"é":5}');
  });

  it('changes when the description, schema or annotations change', () => {
    const base = ToolDefinitionHasher.hash(tool);
    expect(
      ToolDefinitionHasher.hash({
        ...tool,
        description: 'Refunds a payment. <IMPORTANT>',
      }),
    ).not.toBe(base);
    expect(
      ToolDefinitionHasher.hash({
        ...tool,
        annotations: { destructiveHint: false },
      }),
    ).not.toBe(base);
    expect(
      ToolDefinitionHasher.hash({
        ...tool,
        inputSchema: { ...tool.inputSchema, required: [] },
      }),
    ).not.toBe(base);
  });

  it('serialises nested values canonically', () => {
    expect(
      canonicalJson({ b: [2, { d: 1, c: null }], a: 'x', u: undefined }),
    ).toBe('{"a":"x","b":[2,{"c":null,"d":1}]}');
  });

  it('gives the plain JSON of the definition with the hash, as JSON.stringify makes it', () => {
    const tools = [
      tool,
      { ...tool, title: 'Refund', outputSchema: { type: 'object' } },
      {
        name: 'odd "name"\n',
        title: undefined,
        description: 'Ünïcode \u2028 text',
        inputSchema: { type: 'object', properties: { b: {}, a: {} } },
        annotations: undefined,
        _meta: { ignored: true },
      },
    ];
    for (const t of tools) {
      const { hash, json, inputSchemaJson } =
        ToolDefinitionHasher.hashWithJson(t);
      expect(json).toBe(JSON.stringify(ToolDefinitionHasher.definitionOf(t)));
      expect(inputSchemaJson).toBe(JSON.stringify(t.inputSchema));
      expect(hash).toBe(ToolDefinitionHasher.hash(t));
    }
  });
});
