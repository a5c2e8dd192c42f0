import type { Tool } from '@modelcontextprotocol/client';
import { validateToolSchemas } from './validateToolSchemas';

const tool = (inputSchema: object): Tool =>
  ({ name: 'get_invoice', inputSchema } as Tool);

describe('validateToolSchemas', () => {
  it('accepts valid schemas and rejects an invalid one every time it is seen', () => {
    const valid = tool({
      type: 'object',
      properties: { invoiceId: { type: 'string', minLength: 3 } },
    });
    const invalid = tool({
      type: 'object',
      properties: { invoiceId: { type: 'strin' } },
    });
    for (let i = 0; i < 2; i++) {
      expect(() => validateToolSchemas([valid])).not.toThrow();
      expect(() => validateToolSchemas([valid, invalid])).toThrow(
        /tool "get_invoice": inputSchema is not valid JSON Schema: schema\/properties\/invoiceId\/type/,
      );
    }
  });
});
