import { NotFoundError } from '@backstage/errors';
import {
  PolicyInfo,
  PolicySetInfo,
} from '@mcp-platform/plugin-mcp-policy-common';
import { DecisionLog } from '../database/DecisionLog';
import { PolicySetState } from '../engine/PolicySetLoader';

/** How far back `firedLast7Days` counts. */
const FIRED_WINDOW_MS = 7 * 24 * 3600 * 1000;

/** What {@link describePolicySet} reads. */
export interface DescribePolicySetOptions {
  /** The loaded set, as `PolicySetLoader.current()` returns it. */
  state: PolicySetState;
  log: Pick<DecisionLog, 'firedCounts'>;
  /** The engine's answers when no rule decides. */
  defaults: {
    toolCallDefault: 'allow' | 'deny';
    permissionDefault: 'allow' | 'deny';
  };
  /** The end of the 7-day window; defaults to now. */
  now?: Date;
}

/**
 * The loaded policy set as the API and the policy page show it: each policy with its rules and
 * how often each rule fired in the last 7 days, plus the load state (digest, errors, defaults).
 */
export async function describePolicySet(
  options: DescribePolicySetOptions,
): Promise<PolicySetInfo> {
  const { state, log, defaults } = options;
  const now = options.now ?? new Date();
  const counts = await log.firedCounts(
    new Date(now.getTime() - FIRED_WINDOW_MS),
  );
  const rules = Object.values(state.set?.rules ?? {}).flat();
  const policies: PolicyInfo[] = (state.set?.policies ?? []).map(p => ({
    name: p.name,
    description: p.description,
    source: p.source,
    rules: rules
      .filter(r => r.policy === p.name)
      .map(r => ({
        id: r.id,
        name: r.definition.name,
        description: r.definition.description,
        target: r.target,
        effect: r.effect,
        condition: r.definition.condition,
        message: r.message,
        messageExpression: r.definition.messageExpression,
        rateLimit: r.definition.rateLimit,
        match: r.definition.match,
        requires: r.requires,
        firedLast7Days: counts.get(r.id) ?? 0,
      })),
  }));
  return {
    policySetDigest: state.set?.digest ?? 'none',
    loadedAt: (state.loadedAt ?? state.lastAttemptAt).toISOString(),
    lastLoadAttemptAt: state.lastAttemptAt.toISOString(),
    errors: state.errors,
    toolCallDefault: defaults.toolCallDefault,
    permissionDefault: defaults.permissionDefault,
    policies,
  };
}

/** One policy of {@link describePolicySet}'s answer; `NotFoundError` when none has that name. */
export async function describePolicy(
  name: string,
  options: DescribePolicySetOptions,
): Promise<PolicyInfo> {
  const info = await describePolicySet(options);
  const policy = info.policies.find(p => p.name === name);
  if (!policy) {
    throw new NotFoundError(
      `No policy named "${name}" is loaded; GET /v1/policies lists them`,
    );
  }
  return policy;
}
