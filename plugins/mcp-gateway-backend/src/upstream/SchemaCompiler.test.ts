import type { JsonSchemaType } from '@modelcontextprotocol/client';
import { SchemaCompiler } from './SchemaCompiler';

/** An input schema as an upstream's list brings it: a new object on every refresh. */
const listed = (): JsonSchemaType =>
  JSON.parse(
    JSON.stringify({
      type: 'object',
      properties: { account: { type: 'string', minLength: 3 } },
      required: ['account'],
    }),
  );

describe('SchemaCompiler', () => {
  it('validates as the SDK does, and compiles a schema once across refreshes', () => {
    const compiler = new SchemaCompiler();
    const validate = compiler.getValidator(listed());
    expect(validate({ account: 'acme' }).valid).toBe(true);
    const refused = validate({ account: 'x' });
    expect(refused.valid).toBe(false);
    expect(refused.errorMessage).toMatch(
      /must NOT have fewer than 3 characters/,
    );
    // The next refresh's object with the same schema gets the same compiled validator.
    expect(compiler.getValidator(listed())).toBe(validate);
    expect(
      compiler.getValidator({ ...listed(), required: [] } as JsonSchemaType),
    ).not.toBe(validate);
  });

  it('throws, as ajv does, for a schema that does not compile', () => {
    expect(() =>
      new SchemaCompiler().getValidator({
        type: 'no-such-type',
      } as unknown as JsonSchemaType),
    ).toThrow();
  });
});
