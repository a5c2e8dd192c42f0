import {
  AccessDecision,
  DeploymentDecision,
  DeploymentInput,
  FiredRule,
  PermissionInput,
  ToolCallInput,
  ToolCallThrottle,
} from '@mcp-platform/plugin-mcp-policy-common';
import { toCelActivation } from './celEnvironments';
import { CompiledPolicySet, CompiledRule } from './compilePolicySet';
import { GlobMatcher } from './globPattern';

/**
 * Context providers that failed to answer, by name, with their error.
 *
 * @public
 */
export type ContextFailures = Record<string, string>;

type Outcome =
  | { fired: false }
  | { fired: true; message: string }
  | { fired: true; error: string; message: string };

function anyMatch(patterns: GlobMatcher[] | undefined, value: string): boolean {
  if (!patterns) return true;
  for (const matches of patterns) if (matches(value)) return true;
  return false;
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0];
}

/**
 * Runs one rule. An expression error or a missing context provider is an outcome of its own,
 * never "did not fire": the caller decides how to fail closed.
 */
function runRule(
  rule: CompiledRule,
  activation: Record<string, unknown>,
  context: Record<string, unknown>,
  failures: ContextFailures,
): Outcome {
  for (const name of rule.requires) {
    if (!(name in context)) {
      const why = failures[name]
        ? `context provider "${name}" failed: ${failures[name]}`
        : `no context provider named "${name}" is installed`;
      return { fired: true, error: why, message: rule.message };
    }
  }
  let value: unknown;
  try {
    value = rule.condition(activation);
  } catch (error) {
    return {
      fired: true,
      error: `condition failed: ${errorText(error)}`,
      message: rule.message,
    };
  }
  if (value !== true) {
    if (value === false) return { fired: false };
    return {
      fired: true,
      error: `condition gave ${typeof value}, not a bool`,
      message: rule.message,
    };
  }
  let message = rule.message;
  if (rule.messageExpression) {
    try {
      const m = rule.messageExpression(activation);
      if (typeof m === 'string' && m.length > 0) message = m;
    } catch {
      // The static message stands in; the rule's verdict does not depend on its wording.
    }
  }
  return { fired: true, message };
}

function toFired(rule: CompiledRule, outcome: Outcome): FiredRule {
  const fired: FiredRule = {
    rule: rule.id,
    effect: rule.effect,
    message: outcome.fired ? outcome.message : rule.message,
  };
  if (outcome.fired && 'error' in outcome) fired.error = outcome.error;
  return fired;
}

/**
 * Decides a deployment: every matching rule runs; a deny rule that fires or fails denies
 * (fail closed); warn and audit rules only report, even when they fail.
 *
 * @public
 */
export function evaluateDeployment(
  set: CompiledPolicySet,
  input: DeploymentInput,
  failures: ContextFailures = {},
): DeploymentDecision {
  const activation = toCelActivation(
    'deployment',
    input as unknown as Record<string, unknown>,
  );
  const context = input.context ?? {};
  const d = input.deployment;
  const serverRef = `api:default/${d.name}`;
  const decision: DeploymentDecision = {
    result: 'allow',
    violations: [],
    warnings: [],
    audits: [],
    evaluatedRules: 0,
    policySetDigest: set.digest,
  };
  for (const rule of set.rules.deployment) {
    const m = rule.matchers;
    if (
      !anyMatch(m.environments, d.environment) ||
      (m.changes && !m.changes.includes(d.change)) ||
      !anyMatch(m.servers, serverRef)
    ) {
      continue;
    }
    decision.evaluatedRules++;
    const outcome = runRule(rule, activation, context, failures);
    if (!outcome.fired) continue;
    const fired = toFired(rule, outcome);
    if (rule.effect === 'deny') decision.violations.push(fired);
    else if (rule.effect === 'warn' || fired.error) {
      decision.warnings.push(fired);
    } else decision.audits.push(fired);
  }
  if (decision.violations.length > 0) decision.result = 'deny';
  return decision;
}

function decideAccess(
  set: CompiledPolicySet,
  rules: CompiledRule[],
  matches: (rule: CompiledRule) => boolean,
  activation: Record<string, unknown>,
  context: Record<string, unknown>,
  failures: ContextFailures,
  defaultResult: 'allow' | 'deny',
): AccessDecision {
  // Deny rules run first (the compiler orders them so). Once one fires no allow can change
  // the outcome, so allow rules are skipped; among allows the first that fires decides. The
  // explanation therefore lists the rules that decided, and any that failed on the way.
  const fired: FiredRule[] = [];
  let denied = false;
  let deniedByError = false;
  let allowed = false;
  let evaluated = 0;
  for (const rule of rules) {
    // Throttles neither allow nor deny: evaluateToolCall runs them once access is decided.
    if (rule.effect === 'throttle') continue;
    if (rule.effect === 'allow' && (denied || deniedByError || allowed)) break;
    if (!matches(rule)) continue;
    evaluated++;
    const outcome = runRule(rule, activation, context, failures);
    if (!outcome.fired) continue;
    const f = toFired(rule, outcome);
    fired.push(f);
    if (f.error) {
      // A deny rule that cannot decide denies; an allow rule that cannot decide grants nothing.
      if (rule.effect === 'deny') deniedByError = true;
    } else if (rule.effect === 'deny') denied = true;
    else allowed = true;
  }
  const base = {
    rules: fired,
    evaluatedRules: evaluated,
    policySetDigest: set.digest,
  };
  if (denied || deniedByError) {
    const first =
      fired.find(f => f.effect === 'deny' && !f.error) ??
      fired.find(f => f.effect === 'deny')!;
    return {
      ...base,
      result: 'deny',
      reason: denied ? 'deny-rule' : 'error',
      message: first.error
        ? `Denied because rule ${first.rule} could not be evaluated (${first.error}); the engine fails closed.`
        : first.message,
    };
  }
  if (allowed) {
    return {
      ...base,
      result: 'allow',
      reason: 'allow-rule',
      message: fired.find(f => f.effect === 'allow' && !f.error)!.message,
    };
  }
  return {
    ...base,
    result: defaultResult,
    reason: 'default',
    message:
      defaultResult === 'deny'
        ? 'No rule allows this, and the default is deny.'
        : 'No rule decides this, and the default is allow.',
  };
}

/**
 * Decides a tool call: a deny that fires beats any allow; with no allow the default applies. An
 * allowed call then meets the throttle rules: the lowest limit of those that fire is the
 * decision's `throttle`. A throttle is a cost control on an allowed call, not access control, so
 * it fails open: a throttle rule whose context provider failed is reported in the decision's
 * rules and puts no limit on the call (failing closed would throttle every team whenever insights
 * is away), and one whose provider is not installed at all (nor given, in a policy test) does not
 * apply.
 *
 * @public
 */
export function evaluateToolCall(
  set: CompiledPolicySet,
  input: ToolCallInput,
  options: { defaultResult: 'allow' | 'deny'; failures?: ContextFailures },
): AccessDecision & { throttle?: ToolCallThrottle } {
  const activation = toCelActivation(
    'tool-call',
    input as unknown as Record<string, unknown>,
  );
  const matches = (rule: CompiledRule) =>
    anyMatch(rule.matchers.environments, input.server.environment) &&
    anyMatch(rule.matchers.servers, input.server.ref) &&
    anyMatch(rule.matchers.tools, input.tool.name);
  const context = input.context ?? {};
  const failures = options.failures ?? {};
  const decision: AccessDecision & { throttle?: ToolCallThrottle } =
    decideAccess(
      set,
      set.rules['tool-call'],
      matches,
      activation,
      context,
      failures,
      options.defaultResult,
    );
  if (decision.result !== 'allow') return decision;
  for (const rule of set.rules['tool-call']) {
    if (rule.effect !== 'throttle' || !matches(rule)) continue;
    if (rule.requires.some(name => !(name in context) && !(name in failures)))
      continue;
    decision.evaluatedRules++;
    const outcome = runRule(rule, activation, context, failures);
    if (!outcome.fired) continue;
    const fired = toFired(rule, outcome);
    decision.rules.push(fired);
    const perMinute = rule.definition.rateLimit?.perMinute;
    if (
      fired.error ||
      !perMinute ||
      perMinute >= (decision.throttle?.perMinute ?? Infinity)
    )
      continue;
    decision.throttle = { perMinute, rule: rule.id, message: fired.message };
  }
  return decision;
}

/**
 * Decides one of the suite's other permissions, like a tool call.
 *
 * @public
 */
export function evaluatePermission(
  set: CompiledPolicySet,
  input: PermissionInput,
  options: { defaultResult: 'allow' | 'deny'; failures?: ContextFailures },
): AccessDecision {
  const activation = toCelActivation(
    'permission',
    input as unknown as Record<string, unknown>,
  );
  return decideAccess(
    set,
    set.rules.permission,
    rule => anyMatch(rule.matchers.permissions, input.permission.name),
    activation,
    input.context ?? {},
    options.failures ?? {},
    options.defaultResult,
  );
}
