import { PolicyContextProvider, PolicyContextRequest } from './extensions';

/**
 * The merged context and the providers that failed to answer.
 *
 * @public
 */
export interface CollectedPolicyContext {
  context: Record<string, Record<string, unknown>>;
  failures: { provider: string; message: string }[];
}

/**
 * Asks every provider in parallel, each under its own name. A provider that throws or times out
 * is reported in `failures` rather than silently missing: the engine fails closed on it.
 *
 * @public
 */
export async function collectPolicyContext(
  providers: PolicyContextProvider[],
  request: PolicyContextRequest,
  options: { timeoutMs?: number } = {},
): Promise<CollectedPolicyContext> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const result: CollectedPolicyContext = { context: {}, failures: [] };
  await Promise.all(
    providers.map(async provider => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${timeoutMs} ms`)),
            timeoutMs,
          );
        });
        result.context[provider.name] = await Promise.race([
          provider.provide(request),
          timeout,
        ]);
      } catch (error) {
        result.failures.push({
          provider: provider.name,
          message: error instanceof Error ? error.message : String(error),
        });
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return result;
}
