import type { internal } from '@backstage/backend-openapi-utils';
import type {
  ErrorRequestHandler,
  RequestHandler,
  Router as ExpressRouter,
} from 'express';
import Router from 'express-promise-router';

/**
 * The document seen from a router mounted at `Prefix`: its paths under it, prefix cut off.
 *
 * @public
 */
export type SpecMountedAt<
  Doc extends internal.RequiredDoc,
  Prefix extends string,
> = {
  paths: {
    [P in keyof Doc['paths'] as P extends `${Prefix}${infer Rest}`
      ? Rest
      : never]: Doc['paths'][P];
  };
  components: Doc['components'];
};

/**
 * A documented response body as TypeScript may send it. json-schema-to-ts types an object that
 * allows other properties as `{ [x: string]: unknown; ... }`, which no interface satisfies
 * (interfaces have no index signature); that signature is dropped, so the documented properties
 * are checked and other ones allowed, as the document says.
 *
 * @public
 */
export type Sendable<T> = T extends readonly unknown[]
  ? { [I in keyof T]: Sendable<T[I]> }
  : T extends object
  ? keyof DocumentedProperties<T> extends never
    ? object
    : DocumentedProperties<T>
  : T;
/**
 * The properties of `T` but an open index signature.
 *
 * @public
 */
export type DocumentedProperties<T> = {
  [K in keyof T as string extends K
    ? unknown extends T[K]
      ? never
      : K
    : K]: Sendable<T[K]>;
};

/**
 * A route's handler, typed from the document.
 *
 * @public
 */
export type Handler<
  Doc extends internal.RequiredDoc,
  Path extends internal.DocPath<Doc>,
  Method extends internal.DocPathMethod<Doc, Path>,
> = RequestHandler<
  internal.PathSchema<Doc, Path, Method>,
  Sendable<internal.ResponseBodyToJsonSchema<Doc, Path, Method>>,
  internal.RequestBodyToJsonSchema<Doc, Path, Method>,
  internal.QuerySchema<Doc, Path, Method>
>;
/**
 * A route's handlers, error handlers and middleware arrays, typed from the document.
 *
 * @public
 */
export type HandlerParams<
  Doc extends internal.RequiredDoc,
  Path extends internal.DocPath<Doc>,
  Method extends internal.DocPathMethod<Doc, Path>,
> =
  | Handler<Doc, Path, Method>
  | ErrorRequestHandler<
      internal.PathSchema<Doc, Path, Method>,
      Sendable<internal.ResponseBodyToJsonSchema<Doc, Path, Method>>,
      internal.RequestBodyToJsonSchema<Doc, Path, Method>,
      internal.QuerySchema<Doc, Path, Method>
    >
  | Array<
      | RequestHandler<internal.PathSchema<Doc, Path, Method>>
      | ErrorRequestHandler<internal.PathSchema<Doc, Path, Method>>
    >;

/**
 * A path the document gives a `Method` operation, as a route is written (`/v1/items/{id}`).
 *
 * @public
 */
export type DocumentedPath<
  Doc extends internal.RequiredDoc,
  Method extends 'get' | 'post' | 'put' | 'delete' | 'patch',
> = internal.MethodAwareDocPath<Doc, internal.DocPathTemplate<Doc>, Method>;

/**
 * A documented path of `Method` and its handlers (the two overloads of `ApiRouter`'s).
 *
 * @public
 */
export interface Matcher<
  Doc extends internal.RequiredDoc,
  T,
  Method extends 'get' | 'post' | 'put' | 'delete' | 'patch',
> {
  <Path extends DocumentedPath<Doc, Method>>(
    path: Path,
    ...handlers: Array<
      Handler<Doc, internal.TemplateToDocPath<Doc, Path>, Method>
    >
  ): T;
  <Path extends DocumentedPath<Doc, Method>>(
    path: Path,
    ...handlers: Array<
      HandlerParams<Doc, internal.TemplateToDocPath<Doc, Path>, Method>
    >
  ): T;
}

/**
 * `ApiRouter` of `@backstage/backend-openapi-utils`, with response bodies as `Sendable`: each
 * route's path and method must be documented, and its path parameters, query, request body and
 * response body take the documented types.
 *
 * @public
 */
export interface SpecRouter<Doc extends internal.RequiredDoc>
  extends ExpressRouter {
  get: Matcher<Doc, this, 'get'>;
  post: Matcher<Doc, this, 'post'>;
  put: Matcher<Doc, this, 'put'>;
  delete: Matcher<Doc, this, 'delete'>;
  patch: Matcher<Doc, this, 'patch'>;
}

/**
 * Makes an express-promise-router whose routes `yarn tsc` checks against the document; with
 * `mountedAt` (where the caller mounts a sub-router, e.g. `'/v1'`), its routes are typed
 * relative to it. Only types depend on the argument.
 *
 * @public
 */
export interface OpenApiRouterFactory<Doc extends internal.RequiredDoc> {
  (): SpecRouter<Doc>;
  <Prefix extends string>(mountedAt: Prefix): SpecRouter<
    SpecMountedAt<Doc, Prefix>
  >;
}

/**
 * The `createOpenApiRouter` of a document: routers typed from it, validating nothing at run time
 * (the routes' zod schemas do).
 *
 * @public
 */
export function openApiRouterFactory<Doc extends internal.RequiredDoc>(
  _spec: Doc,
): OpenApiRouterFactory<Doc> {
  return (() => Router()) as OpenApiRouterFactory<Doc>;
}
