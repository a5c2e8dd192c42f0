import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';

// Meta-schema validation only: no schema is compiled, so hostile schemas cost no code generation.
const draft7 = new Ajv({ strict: false, validateSchema: true, logger: false });
const draft2020 = new Ajv2020({
  strict: false,
  validateSchema: true,
  logger: false,
});

function problemOf(schema: unknown): string | undefined {
  const declared = (schema as { $schema?: unknown })?.$schema;
  const ajv =
    typeof declared === 'string' && declared.includes('2020-12')
      ? draft2020
      : draft7;
  try {
    if (ajv.validateSchema(schema as object)) return undefined;
    return ajv.errorsText(ajv.errors, { dataVar: 'schema' });
  } catch (error) {
    // An unknown $schema draft, for example.
    return (error as Error).message;
  }
}

/** Throws when a tool's input or output schema is not valid JSON Schema, naming tool and problem. */
export function validateToolSchemas(tools: Tool[]): void {
  for (const tool of tools) {
    const input = problemOf(tool.inputSchema);
    if (input)
      throw new Error(
        `tool "${tool.name}": inputSchema is not valid JSON Schema: ${input}`,
      );
    if (tool.outputSchema) {
      const output = problemOf(tool.outputSchema);
      if (output)
        throw new Error(
          `tool "${tool.name}": outputSchema is not valid JSON Schema: ${output}`,
        );
    }
  }
}
