import type { CallToolResult, Tool } from '@modelcontextprotocol/client';
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/client';
import type {
  JsonSchemaType,
  JsonSchemaValidator,
} from '@modelcontextprotocol/client';
import { SchemaCompiler } from './SchemaCompiler';

/** A tool's compiled output schema, or why it does not compile. */
interface CompiledOutputSchema {
  validate?: JsonSchemaValidator<unknown>;
  error?: string;
}

const compiler = new SchemaCompiler();

/**
 * The tool's compiled output schema, or why it does not compile: compiled once per schema (list
 * refreshes bring the same schemas in new objects; see SchemaCompiler).
 */
export function outputValidatorOf(
  definition: Tool,
): CompiledOutputSchema | undefined {
  const schema = definition.outputSchema as JsonSchemaType | undefined;
  if (!schema) return undefined;
  try {
    return { validate: compiler.getValidator(schema) };
  } catch (error) {
    return { error: (error as Error).message.slice(0, 200) };
  }
}

/** Checks structured content against the output schema as the SDK client does. */
export function checkOutput(
  name: string,
  definition: Tool,
  result: CallToolResult,
) {
  const compiled = outputValidatorOf(definition);
  if (!compiled) return;
  if (compiled.error)
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `Tool '${name}' has an invalid outputSchema: ${compiled.error}`,
    );
  if (result.isError) return;
  if (result.structuredContent === undefined)
    throw new ProtocolError(
      ProtocolErrorCode.InvalidRequest,
      `Tool ${name} has an output schema but did not return structured content`,
    );
  const checked = compiled.validate!(result.structuredContent);
  if (!checked.valid)
    throw new ProtocolError(
      ProtocolErrorCode.InvalidParams,
      `Structured content does not match the tool's output schema: ${checked.errorMessage}`,
    );
}
