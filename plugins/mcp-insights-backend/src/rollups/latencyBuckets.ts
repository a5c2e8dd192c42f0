/**
 * Upper bounds (ms) of the latency buckets every rollup stores, as cumulative counts in `le_<ms>`
 * columns plus `le_inf`. They include the golden-path histogram's bounds (5 ms … 10 s) and the
 * common SLO thresholds between them (1.5 s, 2.5 s, 3 s), so those thresholds are exact.
 */
export const LATENCY_BOUNDS_MS = [
  5, 10, 25, 50, 100, 250, 500, 1000, 1500, 2000, 2500, 3000, 5000, 10000,
  30000,
] as const;

/** Column names of the cumulative latency counts, `le_inf` last. */
export const LATENCY_COLUMNS = [
  ...LATENCY_BOUNDS_MS.map(b => `le_${b}`),
  'le_inf',
] as const;

/** Cumulative counts at {@link LATENCY_BOUNDS_MS} and +Inf (the last element = all timed calls). */
export type LatencyCounts = number[];

/** An empty cumulative latency histogram. */
export function emptyLatency(): LatencyCounts {
  return new Array(LATENCY_COLUMNS.length).fill(0);
}

/** One call's histogram per bucket it falls in: shared, so callers must not change them. */
const SINGLE_CALLS: readonly LatencyCounts[] = LATENCY_COLUMNS.map(
  (_, bucket) =>
    Object.freeze(
      LATENCY_COLUMNS.map((__, i) => (i >= bucket ? 1 : 0)),
    ) as LatencyCounts,
);

/** The cumulative histogram of one call of `durationMs` (shared and frozen: do not change it). */
export function latencyOfCall(durationMs: number): LatencyCounts {
  let bucket = 0;
  while (
    bucket < LATENCY_BOUNDS_MS.length &&
    durationMs > LATENCY_BOUNDS_MS[bucket]
  ) {
    bucket++;
  }
  return SINGLE_CALLS[bucket];
}

/** Adds `b` into `a`. */
export function addLatency(a: LatencyCounts, b: LatencyCounts): void {
  for (let i = 0; i < a.length; i++) a[i] += b[i];
}

/**
 * Re-buckets a cumulative histogram with other bounds (e.g. a server's own `le` values, in ms)
 * onto {@link LATENCY_BOUNDS_MS}, interpolating linearly inside a source bucket as
 * `histogram_quantile` does. Above the highest finite source bound nothing is known, so those
 * calls count as slower than every stored bound: a latency SLO never looks better than measured.
 */
export function rebucketLatency(
  sourceBoundsMs: number[],
  sourceCumulative: number[],
  sourceTotal: number,
): LatencyCounts {
  const result = emptyLatency();
  const maxBound = sourceBoundsMs.length
    ? sourceBoundsMs[sourceBoundsMs.length - 1]
    : 0;
  LATENCY_BOUNDS_MS.forEach((bound, i) => {
    if (bound >= maxBound) {
      result[i] = sourceBoundsMs.length
        ? sourceCumulative[sourceBoundsMs.length - 1]
        : 0;
      return;
    }
    let j = 0;
    while (sourceBoundsMs[j] < bound) j++;
    if (sourceBoundsMs[j] === bound) {
      result[i] = sourceCumulative[j];
      return;
    }
    const lower = j === 0 ? 0 : sourceBoundsMs[j - 1];
    const lowerCount = j === 0 ? 0 : sourceCumulative[j - 1];
    const fraction = (bound - lower) / (sourceBoundsMs[j] - lower);
    result[i] = lowerCount + (sourceCumulative[j] - lowerCount) * fraction;
  });
  result[LATENCY_BOUNDS_MS.length] = sourceTotal;
  return result;
}

/**
 * Calls at or under `thresholdMs`, interpolated between stored bounds. Beyond the largest finite
 * bound, calls are counted as slow.
 */
export function countAtOrBelow(
  counts: LatencyCounts,
  thresholdMs: number,
): number {
  let lower = 0;
  let lowerCount = 0;
  for (let i = 0; i < LATENCY_BOUNDS_MS.length; i++) {
    const bound = LATENCY_BOUNDS_MS[i];
    if (thresholdMs === bound) return counts[i];
    if (thresholdMs < bound) {
      return (
        lowerCount +
        ((counts[i] - lowerCount) * (thresholdMs - lower)) / (bound - lower)
      );
    }
    lower = bound;
    lowerCount = counts[i];
  }
  return lowerCount;
}

/**
 * The latency at quantile `q` (0..1), interpolated within the bucket that holds it, like
 * Prometheus' `histogram_quantile`: null without calls; the highest finite bound when the
 * quantile falls in the +Inf bucket.
 */
export function latencyQuantile(
  counts: LatencyCounts,
  q: number,
): number | null {
  const total = counts[counts.length - 1];
  if (!(total > 0)) return null;
  const rank = q * total;
  let lower = 0;
  let lowerCount = 0;
  for (let i = 0; i < LATENCY_BOUNDS_MS.length; i++) {
    if (counts[i] >= rank) {
      const inBucket = counts[i] - lowerCount;
      if (inBucket <= 0) return LATENCY_BOUNDS_MS[i];
      return (
        lower +
        ((LATENCY_BOUNDS_MS[i] - lower) * (rank - lowerCount)) / inBucket
      );
    }
    lower = LATENCY_BOUNDS_MS[i];
    lowerCount = counts[i];
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1];
}
