/*
 * The annotations of the MCP Platform's entity model: their one home. Every package reads and
 * writes them through these names; tests and docs spell them out, so a rename shows there.
 */

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
 * Where the server exports Prometheus metrics, when not next to its MCP endpoint. On an
 * `mcp-server` API, or on a Component that provides it.
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
 * The MCP gateway profiles a server's tools join, comma-separated, e.g. `support,finance`.
 *
 * @public
 */
export const ANNOTATION_GATEWAY_PROFILES = 'mcp-platform.io/gateway-profiles';

/**
 * The environment a server runs in (e.g. `production`), for policy rules; the policy engine uses
 * the entity's `spec.lifecycle` when it is not set.
 *
 * @public
 */
export const ANNOTATION_ENVIRONMENT = 'mcp-platform.io/environment';

/**
 * The groups approved to call a server's tools besides its owner, comma-separated entity refs,
 * e.g. `group:default/customer-success` (read by the policy engine for confidential servers).
 *
 * @public
 */
export const ANNOTATION_APPROVED_GROUPS = 'mcp-platform.io/approved-groups';

/**
 * A monthly budget in the configured currency, e.g. `1500`: on a Group, the team's (its child
 * groups' spend included); on an `mcp-server` API, the server's own, tracked beside its team's
 * (the MCP server template writes it from the form).
 *
 * @public
 */
export const ANNOTATION_MONTHLY_BUDGET = 'mcp-platform.io/monthly-budget';

/**
 * What an MCP server runs on, for compute cost, e.g. `replicas=2,cpu=500m,memory=1Gi`.
 *
 * @public
 */
export const ANNOTATION_RESOURCES = 'mcp-platform.io/resources';
