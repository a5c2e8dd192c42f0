import { Entity, parseEntityRef } from '@backstage/catalog-model';

/**
 * `spec.type` of an `API` entity that describes an MCP server.
 *
 * @public
 */
export const MCP_SERVER_API_TYPE = 'mcp-server';

/**
 * The catalog filter that selects MCP servers: `API` entities of `spec.type: mcp-server`. For
 * the catalog's entity queries (`CatalogService.getEntities`, `queryEntities`) and the
 * frontends' entity predicates; both compare values case-insensitively.
 *
 * @public
 */
export const MCP_SERVER_ENTITY_FILTER = {
  kind: 'API',
  'spec.type': MCP_SERVER_API_TYPE,
} as const;

/**
 * The entity ref of the MCP server `namespace/name`, lower-cased as the suite stores and compares
 * refs, e.g. `api:default/payments-ledger`.
 *
 * @public
 */
export function mcpServerEntityRef(namespace: string, name: string): string {
  return `api:${namespace}/${name}`.toLocaleLowerCase('en-US');
}

/**
 * The `{namespace}/{name}` part of the suite's server URLs (routes and pages) for an MCP server's
 * entity ref (`api:default/payments-ledger` or `default/payments-ledger`), each part URL-encoded.
 *
 * @public
 */
export function mcpServerRefPath(entityRef: string): string {
  const { namespace, name } = parseEntityRef(entityRef, { defaultKind: 'api' });
  return `${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

/**
 * The data classifications, from least to most sensitive.
 *
 * @public
 */
export const DATA_CLASSIFICATIONS = [
  'public',
  'internal',
  'confidential',
  'restricted',
] as const;

/**
 * One of {@link DATA_CLASSIFICATIONS}.
 *
 * @public
 */
export type DataClassification = (typeof DATA_CLASSIFICATIONS)[number];

/**
 * True for `API` entities of `spec.type: mcp-server`.
 *
 * @public
 */
export function isMcpServerEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'api' &&
    entity.spec?.type === MCP_SERVER_API_TYPE
  );
}
