import fs from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

// Helpers of the backends' `src/service/openapi.test.ts`: they read
// the package's `openapi.yaml`, list the routes an express router registers, and reduce a
// documented schema and a zod schema to the same comparable contract.

type Json = any;

/** The keys of an OpenAPI path item that are operations. */
export const HTTP_METHODS = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
];

/** One operation of the document, with the parameters of its path item. */
export interface DocumentedOperation {
  method: string;
  path: string;
  operation: Json;
  pathParameters: Json[];
}

/** An OpenAPI document and the lookups the tests need. */
export class OpenApiDocument {
  readonly doc: Json;

  constructor(file: string) {
    this.doc = parse(fs.readFileSync(file, 'utf8'));
  }

  operations(): DocumentedOperation[] {
    return Object.entries<Json>(this.doc.paths ?? {}).flatMap(([p, item]) =>
      Object.keys(item)
        .filter(key => HTTP_METHODS.includes(key))
        .map(method => ({
          method,
          path: p,
          operation: item[method],
          pathParameters: item.parameters ?? [],
        })),
    );
  }

  operation(operationId: string): Json {
    const found = this.operations().find(
      o => o.operation.operationId === operationId,
    );
    if (!found) throw new Error(`No operation ${operationId}`);
    return found;
  }

  /** Resolves a local JSON pointer such as `#/components/schemas/ErrorResponse`. */
  resolveRef(ref: string): Json {
    if (!ref.startsWith('#/')) {
      throw new Error(`${ref} is not a local reference`);
    }
    return ref
      .slice(2)
      .split('/')
      .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<Json>((node, part) => {
        if (node === null || typeof node !== 'object' || !(part in node)) {
          throw new Error(`${ref} does not resolve (no "${part}")`);
        }
        return node[part];
      }, this.doc);
  }

  deref(node: Json): Json {
    return node && typeof node.$ref === 'string'
      ? this.deref(this.resolveRef(node.$ref))
      : node;
  }

  /** Every `$ref` of the document as `[where, ref]`. */
  refs(): [string, string][] {
    const refs: [string, string][] = [];
    const collect = (node: Json, at: string) => {
      if (Array.isArray(node)) {
        node.forEach((child, i) => collect(child, `${at}/${i}`));
      } else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref' && typeof value === 'string')
            refs.push([at, value]);
          else collect(value, `${at}/${key}`);
        }
      }
    };
    collect(this.doc, '#');
    return refs;
  }

  /** The parameters of an operation (path item's included), dereferenced. */
  parameters(o: DocumentedOperation, where?: 'path' | 'query'): Json[] {
    return [...o.pathParameters, ...(o.operation.parameters ?? [])]
      .map(p => this.deref(p))
      .filter(p => !where || p.in === where);
  }

  /** The comparable contract of a documented schema (see {@link contractOf}). */
  contract(schema: Json): Json {
    return contractOf(schema, node => this.deref(node));
  }

  /** The query parameters of an operation as the contract of an object schema. */
  queryContract(o: DocumentedOperation): Json {
    const query = this.parameters(o, 'query');
    return this.contract({
      type: 'object',
      properties: Object.fromEntries(query.map(p => [p.name, p.schema])),
      required: query.filter(p => p.required).map(p => p.name),
    });
  }
}

const KEYWORDS = [
  'type',
  'const',
  'enum',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'default',
];

/**
 * What a client must know of a schema: types, limits, enums, patterns, properties and which are
 * required, recursively; descriptions and examples left out. zod's JSON Schema and the document
 * reduce to the same value when they agree.
 */
export function contractOf(schema: Json, deref: (node: Json) => Json): Json {
  const s = deref(schema);
  if (!s || typeof s !== 'object') return s;
  const out: Json = {};
  for (const key of KEYWORDS) if (key in s) out[key] = s[key];
  // zod gives an ISO date-time both a format and a pattern; the format is the contract.
  if (s.pattern && !s.format) out.pattern = s.pattern.replace(/\\\//g, '/');
  if (s.properties) {
    out.properties = Object.fromEntries(
      Object.entries<Json>(s.properties).map(([k, v]) => [
        k,
        contractOf(v, deref),
      ]),
    );
    out.required = [...(s.required ?? [])].sort();
  }
  if (s.items) out.items = contractOf(s.items, deref);
  if (s.additionalProperties !== undefined)
    out.additionalProperties =
      typeof s.additionalProperties === 'object'
        ? contractOf(s.additionalProperties, deref)
        : s.additionalProperties;
  if (s.anyOf) out.anyOf = s.anyOf.map((v: Json) => contractOf(v, deref));
  if (s.oneOf) out.oneOf = s.oneOf.map((v: Json) => contractOf(v, deref));
  return out;
}

/** The contract of what a zod schema accepts. */
export function zodContract(schema: z.ZodType): Json {
  return contractOf(
    z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
    node => node,
  );
}

interface ExpressLayer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle: { stack?: ExpressLayer[] };
  regexp: RegExp & { fast_slash?: boolean };
  keys: unknown[];
}

/** The path an express 4 router was mounted at with `router.use(path, subRouter)`. */
function mountPath(layer: ExpressLayer): string {
  if (layer.regexp.fast_slash) return '';
  // path-to-regexp 0.1 compiles a prefix such as `/v1` to /^\/v1\/?(?=\/|$)/i
  const match = /^\^(.*)\\\/\?\(\?=\\\/\|\$\)$/.exec(layer.regexp.source);
  const prefix = match?.[1].replace(/\\\//g, '/');
  if (
    !prefix ||
    layer.keys.length > 0 ||
    !/^(\/[A-Za-z0-9_-]+)+$/.test(prefix)
  ) {
    throw new Error(`Cannot read the mount path of ${layer.regexp}`);
  }
  return prefix;
}

/** `GET /v1/things/{id}` style keys of every route under an express router. */
export function routesOf(router: unknown, prefix = ''): string[] {
  const stack = (router as { stack: ExpressLayer[] }).stack;
  return stack.flatMap(layer => {
    if (layer.route) {
      const routePath = layer.route.path;
      if (typeof routePath !== 'string' || /[*?+()[\]]/.test(routePath)) {
        throw new Error(`Cannot document route path ${String(routePath)}`);
      }
      const methods = Object.keys(layer.route.methods).filter(
        m => layer.route!.methods[m],
      );
      if (methods.includes('_all')) {
        throw new Error(`${routePath} answers every method`);
      }
      const openApiPath = `${prefix}${routePath}`.replace(
        /:([A-Za-z0-9_]+)/g,
        '{$1}',
      );
      return methods.map(m => `${m.toUpperCase()} ${openApiPath}`);
    }
    if (Array.isArray(layer.handle.stack)) {
      return routesOf(layer.handle, `${prefix}${mountPath(layer)}`);
    }
    return []; // plain middleware such as the JSON body parser
  });
}
