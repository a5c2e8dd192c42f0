import type { Tool } from '@modelcontextprotocol/client';
import { checkOutput, outputValidatorOf } from './checkOutput';

/** A tool definition as an upstream's list brings it: a new object on every refresh. */
const listed = (): Tool =>
  JSON.parse(
    JSON.stringify({
      name: 'get_balance',
      inputSchema: { type: 'object' },
      outputSchema: {
        type: 'object',
        properties: { balance: { type: 'number' } },
        required: ['balance'],
      },
    }),
  );

describe('checkOutput', () => {
  it('checks structured content against the output schema, as the SDK client does', () => {
    const tool = listed();
    expect(() =>
      checkOutput(tool.name, tool, {
        content: [],
        structuredContent: { balance: 12 },
      }),
    ).not.toThrow();
    expect(() =>
      checkOutput(tool.name, tool, {
        content: [],
        structuredContent: { balance: 'twelve' },
      }),
    ).toThrow(/Structured content does not match the tool's output schema/);
    expect(() => checkOutput(tool.name, tool, { content: [] })).toThrow(
      /has an output schema but did not return structured content/,
    );
    // A tool's error result carries no structured content to check.
    expect(() =>
      checkOutput(tool.name, tool, { content: [], isError: true }),
    ).not.toThrow();
  });

  it('compiles a schema once, however many times a list refresh brings it anew', () => {
    const first = outputValidatorOf(listed())?.validate;
    const refreshed = outputValidatorOf(listed())?.validate;
    expect(first).toBeDefined();
    expect(refreshed).toBe(first);
    const changed = listed();
    (changed.outputSchema as { required: string[] }).required = [];
    expect(outputValidatorOf(changed)?.validate).not.toBe(first);
  });

  it("names a schema that does not compile as the tool's fault", () => {
    const tool = listed();
    (tool.outputSchema as Record<string, unknown>).properties = {
      balance: { type: 'no-such-type' },
    };
    expect(() =>
      checkOutput(tool.name, tool, {
        content: [],
        structuredContent: { balance: 1 },
      }),
    ).toThrow(/Tool 'get_balance' has an invalid outputSchema/);
  });
});
