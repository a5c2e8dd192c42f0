import { LoggerService } from '@backstage/backend-plugin-api';
import {
  collectPolicyContext,
  PolicyContextProvider,
  preparePolicyContext,
  PolicyContextRequest,
} from '@mcp-platform/plugin-mcp-policy-node';
import { MAX_ITERATIONS } from '../engine/analyzeExpression';
import { ContextFailures } from '../engine/evaluatePolicies';

/** Rejects provider answers that would break the engine's cost bounds. */
function oversized(value: unknown, depth = 0): string | undefined {
  if (depth > 16) return 'nests deeper than 16 levels';
  if (typeof value === 'string' && value.length > 65_536) {
    return 'has a string longer than 64 KiB';
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_ITERATIONS) {
      return `has a list of ${value.length} items (at most ${MAX_ITERATIONS})`;
    }
    for (const v of value) {
      const why = oversized(v, depth + 1);
      if (why) return why;
    }
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) {
      const why = oversized(v, depth + 1);
      if (why) return why;
    }
  }
  return undefined;
}

/**
 * The context of one decision from every provider, within the deadline: answers as plain JSON,
 * and each provider that failed, timed out or answered beyond the engine's cost bounds as a
 * failure (logged as a warning), which a rule that requires that context then names.
 */
export async function gatherPolicyContext(
  request: PolicyContextRequest,
  options: {
    providers: PolicyContextProvider[];
    timeoutMs: number;
    logger: LoggerService;
  },
): Promise<{ context: Record<string, unknown>; failures: ContextFailures }> {
  const collected = await collectPolicyContext(options.providers, request, {
    timeoutMs: options.timeoutMs,
  });
  const failures: ContextFailures = {};
  for (const f of collected.failures) failures[f.provider] = f.message;
  const context: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(collected.context)) {
    const why = oversized(value);
    if (why) failures[name] = `its answer ${why}`;
    // Plain JSON: no undefined members for has() to trip over, no class instances.
    else context[name] = JSON.parse(JSON.stringify(value ?? {}));
  }
  for (const [provider, message] of Object.entries(failures)) {
    options.logger.warn(
      `Policy context provider ${provider} failed for a ${request.kind} decision: ${message}`,
    );
  }
  return { context, failures };
}

/**
 * Lets the providers that can read what a batch of decisions shares in one go do so first
 * (`preparePolicyContext`); a provider that fails here is only logged, since each decision still
 * asks it ({@link gatherPolicyContext}), which is where a failure counts.
 */
export async function preparePolicyContextFor(
  requests: PolicyContextRequest[],
  options: {
    providers: PolicyContextProvider[];
    timeoutMs: number;
    logger: LoggerService;
  },
): Promise<void> {
  const failures = await preparePolicyContext(options.providers, requests, {
    timeoutMs: options.timeoutMs,
  });
  for (const { provider, message } of failures)
    options.logger.debug(
      `Policy context provider ${provider} could not prepare ${requests.length} decisions at once (each is asked alone): ${message}`,
    );
}
