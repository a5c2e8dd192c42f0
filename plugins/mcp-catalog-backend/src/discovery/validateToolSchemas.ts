import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import type { Tool } from '@modelcontextprotocol/client';

// Meta-schema validation only: no schema is compiled, so hostile schemas cost no code generation.
const draft7 = new Ajv({ strict: false, validateSchema: true, logger: false });
const draft2020 = new Ajv2020({
  strict: false,
  validateSchema: true,
  logger: false,
});

/**
 * Verdicts per schema text. Servers of one fleet share most schemas (and a server re-discovered
 * every few minutes repeats all of its own), so most checks are a lookup. Bounded: emptied when full.
 */
const verdicts = new Map<string, string | null>();
const MAX_VERDICTS = 20_000;
const MAX_REMEMBERED_SCHEMA_LENGTH = 64 * 1024;

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

function rememberedProblemOf(
  schema: unknown,
  text = JSON.stringify(schema),
): string | undefined {
  if (text === undefined || text.length > MAX_REMEMBERED_SCHEMA_LENGTH)
    return problemOf(schema);
  const known = verdicts.get(text);
  if (known !== undefined) return known ?? undefined;
  const problem = problemOf(schema);
  if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
  verdicts.set(text, problem ?? null);
  return problem;
}

/**
 * Throws when a tool's input or output schema is not valid JSON Schema, naming tool and problem.
 * Returns the JSON of each tool's input schema, which recording the tools needs too.
 */
export function validateToolSchemas(tools: Tool[]): string[] {
  const inputSchemaJson: string[] = [];
  for (const tool of tools) {
    const json = JSON.stringify(tool.inputSchema);
    inputSchemaJson.push(json);
    const input = rememberedProblemOf(tool.inputSchema, json);
    if (input)
      throw new Error(
        `tool "${tool.name}": inputSchema is not valid JSON Schema: ${input}`,
      );
    if (tool.outputSchema) {
      const output = rememberedProblemOf(tool.outputSchema);
      if (output)
        throw new Error(
          `tool "${tool.name}": outputSchema is not valid JSON Schema: ${output}`,
        );
    }
  }
  return inputSchemaJson;
}
