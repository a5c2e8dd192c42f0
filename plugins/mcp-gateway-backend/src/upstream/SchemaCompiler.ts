import type {
  JsonSchemaType,
  JsonSchemaValidator,
  jsonSchemaValidator,
} from '@modelcontextprotocol/client';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/client/validators/ajv';

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
  private readonly byObject = new WeakMap<object, JsonSchemaValidator<any>>();
  private readonly byText = new Map<string, JsonSchemaValidator<any>>();

  /** The schema's validator; throws, as ajv does, when the schema does not compile. */
  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    let validator = this.byObject.get(schema as object);
    if (!validator) {
      const text = JSON.stringify(schema);
      validator = this.byText.get(text);
      if (!validator) {
        if (this.byText.size >= MAX_SCHEMAS) {
          this.byText.clear();
          this.ajv = new AjvJsonSchemaValidator();
        }
        validator = this.ajv.getValidator<T>(schema);
        this.byText.set(text, validator);
      }
      this.byObject.set(schema as object, validator);
    }
    return validator;
  }
}
