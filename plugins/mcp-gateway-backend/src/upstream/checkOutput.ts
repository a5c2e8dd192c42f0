import type { CallToolResult, Tool } from '@modelcontextprotocol/client';
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/client';
import type {
  JsonSchemaType,
  JsonSchemaValidator,
} from '@modelcontextprotocol/client';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/client/validators/ajv';

/** A tool's compiled output schema, or why it does not compile. */
interface CompiledOutputSchema {
  validate?: JsonSchemaValidator<unknown>;
  error?: string;
}

/** Distinct output schemas kept compiled; past it, the compiler and its cache start afresh. */
const MAX_SCHEMAS = 2_000;

// The SDK client's own validator, so that a schema and a value fare the same either way.
let validators = new AjvJsonSchemaValidator();
const byText = new Map<string, CompiledOutputSchema>();
const outputValidators = new WeakMap<object, CompiledOutputSchema>();

/**
 * The tool's compiled output schema: once per schema object, and once per distinct schema
 * across objects. Every refresh of an upstream's tool list brings new objects with the same
 * schemas, and ajv keeps each object it compiles for good: compiled per object, each refresh
 * would cost a compilation and keep it, a leak that grows with uptime.
 */
export function outputValidatorOf(
  definition: Tool,
): CompiledOutputSchema | undefined {
  const schema = definition.outputSchema as object | undefined;
  if (!schema) return undefined;
  let compiled = outputValidators.get(schema);
  if (!compiled) {
    const text = JSON.stringify(schema);
    compiled = byText.get(text);
    if (!compiled) {
      if (byText.size >= MAX_SCHEMAS) {
        byText.clear();
        validators = new AjvJsonSchemaValidator();
      }
      try {
        compiled = {
          validate: validators.getValidator(schema as JsonSchemaType),
        };
      } catch (error) {
        compiled = { error: (error as Error).message.slice(0, 200) };
      }
      byText.set(text, compiled);
    }
    outputValidators.set(schema, compiled);
  }
  return compiled;
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
