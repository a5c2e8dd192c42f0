import { Entity } from '@backstage/catalog-model';

/**
 * `spec.type` of an `API` entity that describes an MCP server.
 *
 * @public
 */
export const MCP_SERVER_API_TYPE = 'mcp-server';

/**
 * Data classification of what the server's tools touch: public, internal, confidential or restricted.
 *
 * @public
 */
export const ANNOTATION_DATA_CLASSIFICATION =
  'mcp-platform.io/data-classification';

/**
 * The server's SLOs, e.g. `availability=99.9,latency-p95=2000ms,window=30d`.
 *
 * @public
 */
export const ANNOTATION_SLO = 'mcp-platform.io/slo';

/**
 * Where the server exports Prometheus metrics, when not next to its MCP endpoint.
 *
 * @public
 */
export const ANNOTATION_METRICS_URL = 'mcp-platform.io/metrics-url';

/**
 * The server's name prefix in the MCP gateway (`<alias>__<tool>`); defaults to the entity name.
 * Letters, digits and dashes, e.g. `ledger`.
 *
 * @public
 */
export const ANNOTATION_GATEWAY_ALIAS = 'mcp-platform.io/gateway-alias';

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
