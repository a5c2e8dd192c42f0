import type {
  JsonSchemaType,
  JsonSchemaValidator,
  jsonSchemaValidator,
} from '@modelcontextprotocol/client';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/client/validators/ajv';

/** A compiled schema, or why it does not compile. */
type Compiled =
  | { validate: JsonSchemaValidator<unknown>; error?: undefined }
  | { validate?: undefined; error: Error };

/** Distinct schemas kept compiled; past it, the compiler and its cache start afresh. */
const MAX_SCHEMAS = 2_000;

/**
 * The SDK's own ajv validator (so a schema and a value fare as they would in the SDK), compiling
 * each schema once per object and once per distinct schema across objects. Every refresh of an
 * upstream's tool list brings new objects with the same schemas, and ajv keeps every object it
 * compiles for good: compiled per object, each refresh would cost a compilation and keep it, a
 * leak that grows with uptime.
 */
export class SchemaCompiler implements jsonSchemaValidator {
  private ajv = new AjvJsonSchemaValidator();
  private readonly byObject = new WeakMap<object, Compiled>();
  private readonly byText = new Map<string, Compiled>();

  /**
   * The schema's validator; throws, as ajv does, when the schema does not compile (remembered
   * too, so a bad schema is not compiled again on every use).
   */
  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    let compiled = this.byObject.get(schema as object);
    if (!compiled) {
      const text = JSON.stringify(schema);
      compiled = this.byText.get(text);
      if (!compiled) {
        if (this.byText.size >= MAX_SCHEMAS) {
          this.byText.clear();
          this.ajv = new AjvJsonSchemaValidator();
        }
        try {
          compiled = { validate: this.ajv.getValidator(schema) };
        } catch (error) {
          compiled = { error: error as Error };
        }
        this.byText.set(text, compiled);
      }
      this.byObject.set(schema as object, compiled);
    }
    if (compiled.error) throw compiled.error;
    return compiled.validate as JsonSchemaValidator<T>;
  }
}
