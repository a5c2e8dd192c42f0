import { ANNOTATION_APPROVED_GROUPS } from '@mcp-platform/plugin-mcp-catalog-common';
import { z } from 'zod';

const MAX_LIST = 1000;
const text = (max = 1024) => z.string().max(max);
const entityRef = (kind: string) =>
  z
    .string()
    .regex(
      new RegExp(`^${kind}:[a-z0-9][a-z0-9_.-]*/[a-zA-Z0-9][a-zA-Z0-9_.-]*$`),
      `must be an entity ref like "${kind}:default/name"`,
    );

/**
 * An MCP server deployment as the engine judges it: what the scaffolder template produces and
 * what a CI/CD pipeline sends before a deploy. Unknown fields are rejected so that a typo does
 * not silently skip a rule.
 *
 * @public
 */
export const deploymentConfigSchema = z
  .object({
    name: z
      .string()
      .regex(
        /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
        'must be lower-case letters, digits and dashes, e.g. "payments-ledger"',
      ),
    owner: entityRef('group'),
    environment: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be e.g. "production"'),
    change: z.enum(['create', 'update']),
    version: text(128).optional(),
    dataClassification: z.enum([
      'public',
      'internal',
      'confidential',
      'restricted',
    ]),
    transport: z.enum(['streamable-http', 'sse', 'stdio']).optional(),
    replicas: z.number().int().min(0).max(1000),
    /** CPU cores per replica, e.g. 0.5. */
    cpu: z.number().min(0).max(256),
    memoryMiB: z.number().int().min(0).max(1_048_576),
    rateLimit: z
      .object({ requestsPerMinute: z.number().int().min(1).max(10_000_000) })
      .strict()
      .optional(),
    monthlyBudget: z.number().min(0).optional(),
    /** Network destinations the server reaches, e.g. `{host: "ledger-db", kind: "database"}`. */
    egress: z
      .array(
        z
          .object({
            host: text(253),
            port: z.number().int().min(1).max(65535).optional(),
            kind: z.enum(['database', 'http', 'queue', 'other']),
          })
          .strict(),
      )
      .max(MAX_LIST)
      .optional(),
    tools: z
      .array(
        z
          .object({
            name: text(128),
            readOnly: z.boolean().optional(),
            destructive: z.boolean().optional(),
          })
          .strict(),
      )
      .max(MAX_LIST)
      .optional(),
    labels: z.record(text(63), text(256)).optional(),
  })
  .strict();

/**
 * See {@link deploymentConfigSchema}.
 *
 * @public
 */
export type DeploymentConfig = z.infer<typeof deploymentConfigSchema>;

/**
 * Body of `POST /v1/deployments/evaluate`.
 *
 * @public
 */
export const evaluateDeploymentRequestSchema = z
  .object({
    deployment: deploymentConfigSchema,
    /** `false` for a what-if (the playground): the decision is not written to the log. */
    record: z.boolean().optional(),
  })
  .strict();

/**
 * See {@link evaluateDeploymentRequestSchema}.
 *
 * @public
 */
export type EvaluateDeploymentRequest = z.infer<
  typeof evaluateDeploymentRequestSchema
>;

/**
 * The caller a tool-call decision is about.
 *
 * @public
 */
export const policyUserSchema = z
  .object({
    ref: entityRef('user'),
    /**
     * Ownership refs (the user and their groups). Taken from service callers such as the
     * permission module; for user callers the engine looks the groups up in the catalog.
     */
    groups: z.array(z.string().max(512)).max(MAX_LIST).optional(),
    /**
     * The team the calls are made for (the MCP gateway's consuming team). Rules see it as
     * `user.team`, and `context.consumerBudget` is its budget state.
     */
    team: entityRef('group').optional(),
  })
  .strict();

/**
 * Body of `POST /v1/tool-calls/evaluate`: may `user` call each of `tools`?
 *
 * @public
 */
export const evaluateToolCallsRequestSchema = z
  .object({
    /**
     * Defaults to the signed-in caller. Asking about another user needs
     * `mcp.policy.decisions.read` (services have it unless restricted).
     */
    user: policyUserSchema.optional(),
    tools: z
      .array(
        z
          .object({
            server: entityRef('api'),
            tool: z.string().min(1).max(256),
          })
          .strict(),
      )
      .min(1)
      .max(500),
    /**
     * Log the decisions. Defaults to true for services (enforcement points) and false for users,
     * who may record decisions about themselves only.
     */
    record: z.boolean().optional(),
  })
  .strict();

/**
 * See {@link evaluateToolCallsRequestSchema}.
 *
 * @public
 */
export type EvaluateToolCallsRequest = z.infer<
  typeof evaluateToolCallsRequestSchema
>;

/**
 * Facts the engine gives tool-call rules as `user`.
 *
 * @public
 */
export interface ToolCallUserFacts {
  ref: string;
  groups: string[];
  /** The consuming team the calls are made for; empty when the asker did not say. */
  team?: string;
}

/**
 * Facts the engine gives tool-call rules as `server`, from the catalog.
 *
 * @public
 */
export interface ToolCallServerFacts {
  ref: string;
  name: string;
  known: boolean;
  owner: string;
  /**
   * The owning group's parent groups, nearest first (`spec.parent`, transitively), e.g.
   * `["group:default/engineering"]` for a team under engineering; empty when the owner is not a
   * group or has no parent.
   */
  ownerAncestors: string[];
  lifecycle: string;
  /** The `ANNOTATION_ENVIRONMENT` annotation (`mcp-catalog-common`), else the lifecycle. */
  environment: string;
  dataClassification: string;
  system: string;
  tags: string[];
  /** Groups allowed to use a confidential server besides its owner, from the `ANNOTATION_APPROVED_GROUPS` annotation (`mcp-catalog-common`). */
  approvedGroups: string[];
}

/**
 * @deprecated Use `ANNOTATION_APPROVED_GROUPS` from `@mcp-platform/plugin-mcp-catalog-common`,
 * the entity model's home.
 * @public
 */
export const MCP_APPROVED_GROUPS_ANNOTATION = ANNOTATION_APPROVED_GROUPS;

/**
 * Facts the engine gives tool-call rules as `tool`, from the MCP catalog.
 *
 * @public
 */
export interface ToolCallToolFacts {
  name: string;
  server: string;
  known: boolean;
  title: string;
  readOnly: boolean;
  /** MCP's rule: a tool that is not read-only is destructive unless it says otherwise. */
  destructive: boolean;
  approval: string;
  state: string;
  /** Highest risk finding: none | low | medium | high | critical. */
  maxSeverity: string;
  annotations: Record<string, unknown>;
}

/**
 * Facts the engine gives permission rules as `permission`.
 *
 * @public
 */
export interface PermissionFacts {
  name: string;
  action: string;
  resourceRef: string;
}

/**
 * Everything a tool-call rule sees.
 *
 * @public
 */
export interface ToolCallInput {
  user: ToolCallUserFacts;
  server: ToolCallServerFacts;
  tool: ToolCallToolFacts;
  context: Record<string, unknown>;
}

/**
 * Everything a deployment rule sees.
 *
 * @public
 */
export interface DeploymentInput {
  deployment: DeploymentConfig;
  context: Record<string, unknown>;
}

/**
 * Everything a permission rule sees. `server` and `tool` are the facts of the resource when the
 * permission is about one (`mcp.catalog.refresh` on a server, `mcp.tool.approve` on a tool: the
 * server is then the tool's); otherwise, and for the part the resource is not, they are the
 * facts of nothing, with `known: false`.
 *
 * @public
 */
export interface PermissionInput {
  user: ToolCallUserFacts;
  permission: PermissionFacts;
  server: ToolCallServerFacts;
  tool: ToolCallToolFacts;
  context: Record<string, unknown>;
}
