import { z } from 'zod';
import {
  MCP_POLICY_API_VERSION,
  PolicyEffect,
  PolicyTarget,
} from './documents';

/**
 * A rule that fired, or failed, in a decision.
 *
 * @public
 */
export interface FiredRule {
  /** `<policy>/<rule>`. */
  rule: string;
  effect: PolicyEffect;
  message: string;
  /**
   * Set when the rule could not be evaluated (an expression error, a missing context provider).
   * Deny rules that fail deny: the engine fails closed.
   */
  error?: string;
}

/**
 * Why a tool-call or permission decision came out as it did.
 *
 * @public
 */
export type AccessDecisionReason =
  | 'deny-rule'
  | 'allow-rule'
  | 'default'
  | 'error';

/**
 * A deployment decision: denied when a deny rule fired or failed.
 *
 * @public
 */
export interface DeploymentDecision {
  result: 'allow' | 'deny';
  /** Deny rules that fired (or failed: fail closed). */
  violations: FiredRule[];
  warnings: FiredRule[];
  audits: FiredRule[];
  evaluatedRules: number;
  policySetDigest: string;
  /** Id of the decision log entry, when recorded. */
  decisionId?: string;
}

/**
 * A tool-call or permission decision.
 *
 * @public
 */
export interface AccessDecision {
  result: 'allow' | 'deny';
  reason: AccessDecisionReason;
  /** One sentence a user can act on. */
  message: string;
  /** Rules that fired, and rules that failed to evaluate. */
  rules: FiredRule[];
  evaluatedRules: number;
  policySetDigest: string;
}

/**
 * The lower rate limit throttle rules put on an allowed call's consuming team: the lowest
 * `rateLimit.perMinute` of the throttle rules that fired. Enforced by the MCP gateway.
 *
 * @public
 */
export interface ToolCallThrottle {
  perMinute: number;
  /** `<policy>/<rule>` of the rule whose limit applies. */
  rule: string;
  /** The rule's message: why the calls are throttled. */
  message: string;
}

/**
 * A tool-call decision with the tool it is about.
 *
 * @public
 */
export interface ToolCallDecision extends AccessDecision {
  server: string;
  tool: string;
  decisionId?: string;
  /** Set when the call is allowed and throttle rules fired. */
  throttle?: ToolCallThrottle;
}

/**
 * Response of `POST /v1/tool-calls/evaluate`.
 *
 * @public
 */
export interface EvaluateToolCallsResponse {
  user: string;
  decisions: ToolCallDecision[];
}

/**
 * Where a loading error is.
 *
 * @public
 */
export interface PolicyLoadError {
  /** File path or other source name. */
  source: string;
  /** 1-based line and column in the source, when known. */
  line?: number;
  column?: number;
  /** `<policy>/<rule>` when the error is in a rule. */
  rule?: string;
  message: string;
}

/**
 * A rule as the policy list shows it.
 *
 * @public
 */
export interface PolicyRuleInfo {
  id: string;
  name: string;
  description?: string;
  target: PolicyTarget;
  effect: PolicyEffect;
  condition: string;
  message: string;
  messageExpression?: string;
  /** The limit of a throttle rule. */
  rateLimit?: { perMinute: number };
  match?: Record<string, string[]>;
  /** Context providers it needs. */
  requires: string[];
  /** Times it fired in recorded decisions over the last 7 days. */
  firedLast7Days: number;
}

/**
 * A loaded policy document.
 *
 * @public
 */
export interface PolicyInfo {
  name: string;
  description?: string;
  source: string;
  rules: PolicyRuleInfo[];
}

/**
 * Response of `GET /v1/policies`.
 *
 * @public
 */
export interface PolicySetInfo {
  policySetDigest: string;
  loadedAt: string;
  /** Errors of the last load attempt; the previous good set stays active while there are any. */
  errors: PolicyLoadError[];
  lastLoadAttemptAt: string;
  toolCallDefault: 'allow' | 'deny';
  permissionDefault: 'allow' | 'deny';
  policies: PolicyInfo[];
}

/**
 * One entry of the decision log.
 *
 * @public
 */
export interface DecisionLogEntry {
  id: string;
  decidedAt: string;
  kind: PolicyTarget;
  /** Who asked: `user:default/jane`, `plugin:scaffolder`, ... */
  principal: string;
  /** What the decision was about: a deployment name, `api:default/x#tool`, a permission. */
  subject: string;
  /** The user a tool-call or permission decision was about. */
  user?: string;
  result: 'allow' | 'deny';
  reason?: string;
  rules: FiredRule[];
  inputDigest: string;
  policySetDigest: string;
  /** The evaluated input, context included; only with `includeInput`. */
  input?: Record<string, unknown>;
}

/**
 * Response of `GET /v1/decisions`.
 *
 * @public
 */
export interface DecisionLogPage {
  items: DecisionLogEntry[];
  /** Pass as `cursor` for the next (older) page. */
  nextCursor?: string;
}

/**
 * Body of `POST /v1/dry-run`: replay recorded decisions against candidate policies.
 *
 * @public
 */
export const dryRunRequestSchema = z
  .object({
    documents: z
      .array(
        z
          .object({
            name: z.string().min(1).max(256),
            content: z
              .string()
              .min(1)
              .max(512 * 1024),
          })
          .strict(),
      )
      .min(1)
      .max(50),
    /**
     * `false` (default): the documents are a change to the active set — they add policies or
     * replace the active policies of the same name. `true`: they are the whole candidate set.
     */
    replace: z.boolean().optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    kind: z.enum(['deployment', 'tool-call', 'permission']).optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

/**
 * See {@link dryRunRequestSchema}.
 *
 * @public
 */
export type DryRunRequest = z.infer<typeof dryRunRequestSchema>;

/**
 * One recorded decision whose result the candidate policies change.
 *
 * @public
 */
export interface DryRunChange {
  decisionId: string;
  decidedAt: string;
  kind: PolicyTarget;
  subject: string;
  before: 'allow' | 'deny';
  after: 'allow' | 'deny';
  rules: FiredRule[];
}

/**
 * Response of `POST /v1/dry-run`.
 *
 * @public
 */
export interface DryRunResponse {
  candidateDigest: string;
  replayed: number;
  unchanged: number;
  newlyDenied: number;
  newlyAllowed: number;
  /** Up to 200 changed decisions, newest first. */
  changes: DryRunChange[];
}

/**
 * A policy test case: an input and what must come out.
 *
 * @public
 */
export const policyTestCaseSchema = z
  .object({
    name: z.string().min(1).max(256),
    target: z.enum(['deployment', 'tool-call', 'permission']),
    input: z.record(z.string(), z.unknown()),
    expect: z
      .object({
        result: z.enum(['allow', 'deny']),
        /** Rules (`<policy>/<rule>`) that must fire. */
        fired: z.array(z.string()).optional(),
        /** Rules that must not fire. */
        notFired: z.array(z.string()).optional(),
        /** Deployment decisions: rules that must warn. */
        warnings: z.array(z.string()).optional(),
        /**
         * Tool-call decisions: the per-minute limit throttle rules must put on the call, or
         * null for none.
         */
        throttle: z.number().int().min(1).nullable().optional(),
      })
      .strict(),
  })
  .strict();

/**
 * A policy test file, in the spirit of `opa test` and `kyverno test`.
 *
 * @public
 */
export const policyTestDocumentSchema = z
  .object({
    apiVersion: z.literal(MCP_POLICY_API_VERSION),
    kind: z.literal('McpPolicyTest'),
    metadata: z.object({ name: z.string().min(1).max(256) }).strict(),
    spec: z
      .object({ tests: z.array(policyTestCaseSchema).min(1).max(5000) })
      .strict(),
  })
  .strict();

/**
 * See {@link policyTestDocumentSchema}.
 *
 * @public
 */
export type PolicyTestDocument = z.infer<typeof policyTestDocumentSchema>;
/**
 * See {@link policyTestCaseSchema}.
 *
 * @public
 */
export type PolicyTestCase = z.infer<typeof policyTestCaseSchema>;
