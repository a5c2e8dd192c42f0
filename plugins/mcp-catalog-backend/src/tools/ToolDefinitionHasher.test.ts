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
});
