import { z } from 'zod';

/**
 * `apiVersion` of policy and policy test documents.
 *
 * @public
 */
export const MCP_POLICY_API_VERSION = 'mcp-platform.io/v1alpha1';

/**
 * What a rule decides about.
 *
 * @public
 */
export const POLICY_TARGETS = [
  'deployment',
  'tool-call',
  'permission',
] as const;
/**
 * What a rule decides about: a deployment config, a tool call, or another permission of the suite.
 *
 * @public
 */
export type PolicyTarget = (typeof POLICY_TARGETS)[number];

/**
 * Effects of deployment rules, as Kubernetes ValidatingAdmissionPolicy's actions.
 *
 * @public
 */
export const DEPLOYMENT_EFFECTS = ['deny', 'warn', 'audit'] as const;
/**
 * Effects of tool-call and permission rules.
 *
 * @public
 */
export const ACCESS_EFFECTS = ['allow', 'deny'] as const;
/**
 * Effects of tool-call rules: besides allow and deny, `throttle` lowers the rate limit of the
 * consuming team's calls to the rule's `rateLimit.perMinute` while its condition holds (e.g. a
 * team over budget); it neither allows nor denies.
 *
 * @public
 */
export const TOOL_CALL_EFFECTS = ['allow', 'deny', 'throttle'] as const;
/**
 * Every effect a rule can have.
 *
 * @public
 */
export type PolicyEffect =
  | (typeof DEPLOYMENT_EFFECTS)[number]
  | (typeof TOOL_CALL_EFFECTS)[number];

/** Effects each kind of rule may have. */
const EFFECTS_OF: Record<PolicyTarget, readonly string[]> = {
  deployment: DEPLOYMENT_EFFECTS,
  'tool-call': TOOL_CALL_EFFECTS,
  permission: ACCESS_EFFECTS,
};

const name = z
  .string()
  .regex(
    /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
    'must be lower-case letters, digits and dashes (at most 63), e.g. "rate-limit-required"',
  );

const globList = z.array(z.string().min(1).max(256)).min(1).max(100);

/**
 * Cheap filters applied before a rule's expression; every listed key must match.
 *
 * @public
 */
export const policyMatchSchema = z
  .object({
    /** Deployment environment (deployment rules) or server environment (tool-call rules). */
    environments: globList.optional(),
    /** Deployment rules: `create` (a new server) or `update` (a new version). */
    changes: z
      .array(z.enum(['create', 'update']))
      .min(1)
      .optional(),
    /** Server entity refs, globs allowed: `api:default/payments-*`. */
    servers: globList.optional(),
    /** Tool names, globs allowed: `delete_*`. */
    tools: globList.optional(),
    /** Permission names, globs allowed: `mcp.catalog.*`. */
    permissions: globList.optional(),
  })
  .strict();

/**
 * Filters of a rule, see {@link policyMatchSchema}.
 *
 * @public
 */
export type PolicyMatch = z.infer<typeof policyMatchSchema>;

/**
 * One rule of a policy document.
 *
 * @public
 */
export const policyRuleSchema = z
  .object({
    name,
    description: z.string().max(2000).optional(),
    target: z.enum(POLICY_TARGETS),
    match: policyMatchSchema.optional(),
    /** CEL expression; when it is true the rule fires and applies its effect. */
    condition: z.string().min(1).max(4000),
    effect: z.enum(['deny', 'warn', 'audit', 'allow', 'throttle']),
    /**
     * The limit a `throttle` rule puts on the consuming team's calls while it fires: at most
     * `perMinute` calls a minute across the gateway's replicas (the lowest of the firing throttle
     * rules and the gateway's own team limit applies).
     */
    rateLimit: z
      .object({ perMinute: z.number().int().min(1).max(10_000_000) })
      .strict()
      .optional(),
    /** Shown when the rule fires; says what is wrong and how to fix it. */
    message: z.string().min(1).max(2000),
    /** CEL expression giving a message built from the input; `message` is the fallback. */
    messageExpression: z.string().min(1).max(4000).optional(),
    /** Context providers the rule needs beyond the ones its expressions name. */
    requires: z.array(z.string().regex(/^[a-z][a-zA-Z0-9]*$/)).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const allowed = EFFECTS_OF[rule.target];
    if (!allowed.includes(rule.effect)) {
      ctx.addIssue({
        code: 'custom',
        path: ['effect'],
        message: `${rule.target} rules take effect ${allowed.join(
          ' | ',
        )}, got "${rule.effect}"`,
      });
    }
    if (rule.effect === 'throttle' && !rule.rateLimit) {
      ctx.addIssue({
        code: 'custom',
        path: ['rateLimit'],
        message:
          'a throttle rule needs the limit it puts on the calls, e.g. rateLimit: { perMinute: 60 }',
      });
    }
    if (rule.effect !== 'throttle' && rule.rateLimit) {
      ctx.addIssue({
        code: 'custom',
        path: ['rateLimit'],
        message: `rateLimit is for throttle rules only, this rule's effect is ${rule.effect}`,
      });
    }
    const m = rule.match ?? {};
    const misplaced = (
      [
        ['changes', rule.target !== 'deployment'],
        ['tools', rule.target !== 'tool-call'],
        ['permissions', rule.target !== 'permission'],
        ['servers', rule.target === 'permission'],
        ['environments', rule.target === 'permission'],
      ] as const
    ).filter(([key, wrong]) => wrong && m[key] !== undefined);
    for (const [key] of misplaced) {
      ctx.addIssue({
        code: 'custom',
        path: ['match', key],
        message: `match.${key} does not apply to ${rule.target} rules`,
      });
    }
  });

/**
 * One rule of a policy document.
 *
 * @public
 */
export type PolicyRule = z.infer<typeof policyRuleSchema>;

/**
 * A policy document: a named set of rules, reviewed and versioned like code.
 *
 * @public
 */
export const policyDocumentSchema = z
  .object({
    apiVersion: z.literal(MCP_POLICY_API_VERSION),
    kind: z.literal('McpPolicy'),
    metadata: z
      .object({
        name,
        description: z.string().max(2000).optional(),
      })
      .strict(),
    spec: z
      .object({
        rules: z.array(policyRuleSchema).min(1).max(500),
      })
      .strict(),
  })
  .strict()
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.spec.rules.forEach((rule, i) => {
      if (seen.has(rule.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['spec', 'rules', i, 'name'],
          message: `rule name "${rule.name}" is used twice in this policy`,
        });
      }
      seen.add(rule.name);
    });
  });

/**
 * A policy document, see {@link policyDocumentSchema}.
 *
 * @public
 */
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
