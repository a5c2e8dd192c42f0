import { LoggerService } from '@backstage/backend-plugin-api';
import {
  collectPolicyContext,
  PolicyContextProvider,
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
 * Lets each provider that can prepare for a batch of decisions (see
 * `PolicyContextProvider.prepare`) read what the batch shares in one go, within the deadline.
 * A provider that fails or runs out of time here is only logged: each decision still asks it
 * (`gatherPolicyContext`), which is where a failure counts.
 */
export async function preparePolicyContext(
  requests: PolicyContextRequest[],
  options: {
    providers: PolicyContextProvider[];
    timeoutMs: number;
    logger: LoggerService;
  },
): Promise<void> {
  if (requests.length < 2) return;
  await Promise.all(
    options.providers.map(async provider => {
      if (!provider.prepare) return;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          provider.prepare(requests),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () =>
                reject(new Error(`no answer within ${options.timeoutMs} ms`)),
              options.timeoutMs,
            );
          }),
        ]);
      } catch (error) {
        options.logger.debug(
          `Policy context provider ${provider.name} could not prepare ${
            requests.length
          } decisions at once (each is asked alone): ${
            error instanceof Error ? error.message : String(error)
          }`,
        );
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}
