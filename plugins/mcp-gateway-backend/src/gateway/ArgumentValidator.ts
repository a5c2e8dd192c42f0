import Ajv, { ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import type { Tool } from '@modelcontextprotocol/client';

const MAX_VALIDATORS = 2_000;

/**
 * Checks tool arguments against the tool's input schema before a call goes upstream, with one
 * compiled validator per definition hash (definitions are approved ones, so few and stable).
 */
export class ArgumentValidator {
  // Formats such as "email" are the upstream's to check (no ajv-formats here); without a logger
  // ajv would warn on the console once per schema that names one.
  private draft7 = ArgumentValidator.draft7();
  private draft2020 = ArgumentValidator.draft2020();

  private static draft7() {
    return new Ajv({ strict: false, allErrors: false, logger: false });
  }

  private static draft2020() {
    return new Ajv2020({ strict: false, allErrors: false, logger: false });
  }
  private readonly validators = new Map<string, ValidateFunction | null>();

  /** Why the arguments do not fit, or undefined when they do (or the schema cannot compile). */
  check(
    definitionHash: string,
    tool: Tool,
    args: Record<string, unknown>,
  ): string | undefined {
    let validate = this.validators.get(definitionHash);
    if (validate === undefined) {
      if (this.validators.size >= MAX_VALIDATORS) {
        // ajv keeps every schema it compiled: the compilers start afresh with the cache.
        this.validators.clear();
        this.draft7 = ArgumentValidator.draft7();
        this.draft2020 = ArgumentValidator.draft2020();
      }
      validate = this.compile(tool.inputSchema);
      this.validators.set(definitionHash, validate);
    }
    if (!validate || validate(args)) return undefined;
    const error = validate.errors?.[0];
    if (!error) return "the arguments do not match the tool's input schema";
    const where = error.instancePath ? `${error.instancePath} ` : '';
    return `${where}${error.message ?? 'is invalid'}`.trim();
  }

  private compile(schema: unknown): ValidateFunction | null {
    const declared = (schema as { $schema?: unknown })?.$schema;
    const ajv =
      typeof declared === 'string' && declared.includes('2020-12')
        ? this.draft2020
        : this.draft7;
    try {
      const { $schema: _ignored, ...rest } = schema as Record<string, unknown>;
      return ajv.compile(rest);
    } catch {
      // Discovery refused invalid schemas; one that still will not compile is the server's to check.
      return null;
    }
  }
}
