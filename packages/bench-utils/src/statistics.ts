/**
 * Nearest-rank percentile of values sorted in ascending order: the smallest value that at
 * least `p` % of the values do not exceed. NaN when there are no values.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (!sorted.length) return NaN;
  return sorted[
    Math.min(
      sorted.length - 1,
      Math.max(0, Math.ceil((p / 100) * sorted.length) - 1),
    )
  ];
}

/** {@link percentile} of values in any order (a sorted copy is taken). */
export function percentileOfUnsorted(
  values: readonly number[],
  p: number,
): number {
  return percentile(sortedAscending(values), p);
}

/** A copy of the values in ascending order. */
export function sortedAscending(values: Iterable<number>): number[] {
  return [...values].sort((a, b) => a - b);
}
