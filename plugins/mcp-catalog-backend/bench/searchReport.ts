/* eslint-disable no-console */
import {
  formatMs as ms,
  percentile,
  sortedAscending,
} from '@mcp-platform/bench-utils';
import { SEARCH_P95_TARGET_MS } from './benchSettings';
import type { SearchResult } from './searchBench';
import type { SqlTimes } from './searchQueries';

/** Prints the figures of the search benchmark on one database, as soon as it has run. */
export function printSearch(result: SearchResult) {
  const p = (values: number[], q: number) => ms(percentile(values, q));
  console.log(
    [
      `${result.database}: GET /v1/tools × ${
        result.requests
      } (sequential): p50 ${p(result.search, 50)}, p95 ${p(
        result.search,
        95,
      )}, p99 ${p(
        result.search,
        99,
      )} (target p95 ≤ ${SEARCH_P95_TARGET_MS} ms)`,
      `${result.database}: GET /health × ${
        result.health.length
      } (baseline): p50 ${p(result.health, 50)}, p95 ${p(
        result.health,
        95,
      )}, p99 ${p(result.health, 99)}`,
      `  per query kind: p50 / p95, mean SQL time of count(*) + page query`,
      ...[...result.byKind].map(([kind, { latencies, sql }]) => {
        const sorted = sortedAscending(latencies);
        const mean = (f: (t: SqlTimes) => number) =>
          sql.reduce((sum, t) => sum + f(t), 0) / sql.length;
        return `    ${kind.padEnd(22)} ${p(sorted, 50).padStart(8)} / ${p(
          sorted,
          95,
        ).padStart(8)}   count ${ms(mean(t => t.count)).padStart(
          8,
        )} + page ${ms(mean(t => t.page)).padStart(8)}`;
      }),
      ...result.variants.flatMap(v => [
        `${result.database}, ${v.name} (${v.visibleServers} of ${
          result.servers
        }): GET /v1/tools × ${v.search.length}: p50 ${p(v.search, 50)}, p95 ${p(
          v.search,
          95,
        )}, p99 ${p(v.search, 99)}`,
        `    per query kind, p50 / p95: ${[...v.byKind]
          .map(([kind, latencies]) => {
            const sorted = sortedAscending(latencies);
            return `${kind} ${p(sorted, 50)} / ${p(sorted, 95)}`;
          })
          .join(', ')}`,
      ]),
      `  slowest queries (p50): ${[...result.byQuery]
        .map(([path, latencies]) => ({
          path,
          p50: percentile(sortedAscending(latencies), 50),
        }))
        .sort((a, b) => b.p50 - a.p50)
        .slice(0, 4)
        .map(({ path, p50 }) => `${path.replace('/v1/tools?', '')} ${ms(p50)}`)
        .join(', ')}`,
      `  ${result.plans.join('\n    ')}`,
    ].join('\n'),
  );
}
