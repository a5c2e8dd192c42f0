import { performance } from 'node:perf_hooks';
import { BATCH, INGEST_CLIENTS } from './benchSettings';
import { Backend, timed } from './benchBackend';

/** What one push ingest run measured. */
export interface IngestResult {
  events: number;
  accepted: number;
  duplicates: number;
  wallMs: number;
  /** Until the last push was answered, before the final fold. */
  pushedMs: number;
  baselineMs: number;
}

/**
 * 1. Push ingest: the batches POSTed by INGEST_CLIENTS clients at once, counted once folded into
 * the rollups; baseline: the same requests to the `/echo` route. Fails when an event was lost,
 * rejected or counted twice.
 */
export async function benchIngest(
  backend: Backend,
  batches: string[],
  /** Who pushes (`service` for the gateway) and the table the events land in. */
  options: { user?: string; table: 'usage_hourly' | 'gateway_hourly' } = {
    table: 'usage_hourly',
  },
): Promise<IngestResult> {
  const post = (path: string) => async (body: string) =>
    JSON.parse(
      (
        await timed(`${backend.base}${path}`, {
          method: 'POST',
          body,
          user: options.user,
        })
      ).text,
    );
  const run = async (
    send: (body: string) => Promise<Record<string, number>>,
  ) => {
    let next = 0;
    const results: Record<string, number>[] = [];
    const start = performance.now();
    await Promise.all(
      Array.from({ length: INGEST_CLIENTS }, async () => {
        for (let i = next++; i < batches.length; i = next++)
          results.push(await send(batches[i]));
      }),
    );
    const pushedMs = performance.now() - start;
    // Counted means in the rollups: wait for the last batches to be folded.
    await backend.folder.flush();
    return { wallMs: performance.now() - start, pushedMs, results };
  };
  // Warm-up on the echo route only (no data written twice).
  await run(post('/echo'));
  const baseline = await run(post('/echo'));
  const candidate = await run(post('/api/mcp-insights/v1/usage/events'));
  const sum = (key: string) =>
    candidate.results.reduce((s, r) => s + (r[key] ?? 0), 0);
  const pending = await backend.store.pendingUsage();
  const [rolled] = await backend.store.sumUsage({
    table: options.table,
    from: 0,
    tools: 'all',
    groupBy: [],
  });
  if (sum('duplicates') !== 2 * BATCH) {
    throw new Error(
      `the retried batches were not all duplicates: ${sum('duplicates')}`,
    );
  }
  if (sum('rejected')) {
    throw new Error(
      `${sum('rejected')} events were rejected: ${JSON.stringify(
        candidate.results.find(r => r.rejected),
      ).slice(0, 500)}`,
    );
  }
  if (pending.events || rolled.calls !== sum('accepted')) {
    throw new Error(
      `ingest lost events: ${rolled.calls} in the rollups, ${sum(
        'accepted',
      )} accepted, ${pending.events} pending`,
    );
  }
  return {
    events: batches.length * BATCH,
    accepted: sum('accepted'),
    duplicates: sum('duplicates'),
    wallMs: candidate.wallMs,
    pushedMs: candidate.pushedMs,
    baselineMs: baseline.wallMs,
  };
}
