import type { CallToolResult, Tool } from '@modelcontextprotocol/client';
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/client';
import type {
  JsonSchemaType,
  JsonSchemaValidator,
} from '@modelcontextprotocol/client';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/client/validators/ajv';

// The SDK client's own validator, so that a schema and a value fare the same either way.
const validators = new AjvJsonSchemaValidator();
const outputValidators = new WeakMap<
  object,
  { validate?: JsonSchemaValidator<unknown>; error?: string }
>();

/** The tool's compiled output schema, once per definition object. */
function outputValidatorOf(definition: Tool) {
  const schema = definition.outputSchema as object | undefined;
  if (!schema) return undefined;
  let compiled = outputValidators.get(schema);
  if (!compiled) {
    try {
      compiled = {
        validate: validators.getValidator(schema as JsonSchemaType),
      };
    } catch (error) {
      compiled = { error: (error as Error).message.slice(0, 200) };
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
