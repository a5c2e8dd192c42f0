/**
 * Timed reads of the insights API (cost reports, SLO status) and of the catalog lookup behind
 * read filtering.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { sortedAscending } from '@mcp-platform/bench-utils';
import { performance } from 'node:perf_hooks';
import { ServerVisibility } from '../src/access/ServerVisibility';
import { Backend, timed } from './benchBackend';
import { LOOKUP_ROUNDS, RESTRICTED_USER, SERVERS } from './benchSettings';

/** Latencies of a set of GET requests for one caller, with a /health baseline of as many. */
export interface QueryResult {
  latencies: number[];
  baseline: number[];
  byPath: Map<string, number[]>;
}

/**
 * Times each path for each caller, interleaved (round by round, path by path, caller by
 * caller), so every caller meets the same load and the callers' figures compare fairly.
 */
export async function benchQueries(
  backend: Backend,
  paths: string[],
  rounds: number,
  callers: string[] = ['user:default/mock'],
): Promise<QueryResult[]> {
  for (const path of paths) {
    for (const user of callers) await timed(`${backend.base}${path}`, { user }); // warm-up
  }
  const results = callers.map(() => ({
    latencies: [] as number[],
    baseline: [] as number[],
    byPath: new Map<string, number[]>(),
  }));
  for (let r = 0; r < rounds; r++) {
    for (const path of paths) {
      for (const [i, user] of callers.entries()) {
        const { elapsed } = await timed(`${backend.base}${path}`, { user });
        const { latencies, byPath } = results[i];
        latencies.push(elapsed);
        byPath.set(path, [...(byPath.get(path) ?? []), elapsed]);
      }
    }
  }
  for (const result of results) {
    for (let i = 0; i < result.latencies.length; i++) {
      result.baseline.push(
        (await timed(`${backend.base}/api/mcp-insights/health`)).elapsed,
      );
    }
    result.latencies = sortedAscending(result.latencies);
    result.baseline = sortedAscending(result.baseline);
  }
  return results;
}

/** Times the catalog lookup of the servers a user may not see, without the 10 s cache. */
export async function benchLookups(backend: Backend): Promise<number[]> {
  const credentials = mockCredentials.user(RESTRICTED_USER);
  const times: number[] = [];
  for (let i = 0; i <= LOOKUP_ROUNDS; i++) {
    // A new instance has an empty cache.
    const visibility = new ServerVisibility({
      catalog: backend.catalog,
      store: backend.store,
    });
    const start = performance.now();
    const hidden = await visibility.hiddenFrom(credentials);
    if (i > 0) times.push(performance.now() - start);
    if (hidden.refs.size !== SERVERS / 10) {
      throw new Error(
        `expected ${SERVERS / 10} hidden, got ${hidden.refs.size}`,
      );
    }
  }
  return sortedAscending(times);
}
