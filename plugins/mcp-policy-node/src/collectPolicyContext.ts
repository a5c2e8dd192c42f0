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

/** `work`, or a rejection saying it did not answer within `timeoutMs`. */
async function withinDeadline<T>(
  work: Promise<T>,
  timeoutMs: number,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

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
      try {
        result.context[provider.name] = await withinDeadline(
          provider.provide(request),
          timeoutMs,
        );
      } catch (error) {
        result.failures.push({
          provider: provider.name,
          message: messageOf(error),
        });
      }
    }),
  );
  return result;
}

/**
 * Lets each provider that can prepare for a batch of decisions (see
 * `PolicyContextProvider.prepare`) read what the batch shares in one go, within the deadline.
 * Returns the providers that failed or ran out of time; those failures do not count against a
 * decision, since each decision still asks the provider ({@link collectPolicyContext}).
 *
 * @public
 */
export async function preparePolicyContext(
  providers: PolicyContextProvider[],
  requests: PolicyContextRequest[],
  options: { timeoutMs?: number } = {},
): Promise<{ provider: string; message: string }[]> {
  const failures: { provider: string; message: string }[] = [];
  if (requests.length < 2) return failures;
  await Promise.all(
    providers.map(async provider => {
      if (!provider.prepare) return;
      try {
        await withinDeadline(
          provider.prepare(requests),
          options.timeoutMs ?? 2000,
        );
      } catch (error) {
        failures.push({ provider: provider.name, message: messageOf(error) });
      }
    }),
  );
  return failures;
}
