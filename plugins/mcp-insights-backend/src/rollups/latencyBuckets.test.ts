import {
  countAtOrBelow,
  emptyLatency,
  LATENCY_BOUNDS_MS,
  latencyOfCall,
  latencyQuantile,
  rebucketLatency,
} from './latencyBuckets';

function histogramOf(durations: number[]) {
  const counts = emptyLatency();
  for (const d of durations) {
    latencyOfCall(d).forEach((v, i) => {
      counts[i] += v;
    });
  }
  return counts;
}

describe('latency buckets', () => {
  it('interpolates quantiles inside a bucket like histogram_quantile', () => {
    // 100 calls: 50 in (0, 5 ms], 40 in (250, 500], 10 in (1000, 1500].
    const counts = histogramOf([
      ...Array(50).fill(3),
      ...Array(40).fill(400),
      ...Array(10).fill(1200),
    ]);
    // p50: rank 50 → end of the first bucket.
    expect(latencyQuantile(counts, 0.5)).toBe(5);
    // p70: rank 70, 20 of the 40 calls in (250, 500] → 250 + 250 × 20/40.
    expect(latencyQuantile(counts, 0.7)).toBe(375);
    // p95: rank 95, 5 of 10 in (1000, 1500] → 1250.
    expect(latencyQuantile(counts, 0.95)).toBe(1250);
    expect(latencyQuantile(emptyLatency(), 0.95)).toBeNull();
  });

  it('answers the highest finite bound when the quantile is in +Inf', () => {
    const counts = histogramOf([10, 60_000]);
    expect(latencyQuantile(counts, 0.99)).toBe(30_000);
  });

  it('counts calls at or under a threshold, interpolating between bounds', () => {
    const counts = histogramOf([...Array(8).fill(900), ...Array(4).fill(1100)]);
    expect(countAtOrBelow(counts, 1000)).toBe(8);
    // 4 calls in (1000, 1500]: 1200 ms is 40 % of the way → 8 + 1.6.
    expect(countAtOrBelow(counts, 1200)).toBeCloseTo(9.6);
    expect(countAtOrBelow(counts, 60_000)).toBe(12);
  });

  it('re-buckets another histogram, exact where bounds coincide', () => {
    // Source bounds 1 s, 2 s, 4 s: 10 calls ≤ 1 s, 6 in (1, 2], 2 in (2, 4], 2 above.
    const result = rebucketLatency([1000, 2000, 4000], [10, 16, 18], 20);
    const at = (ms: number) => result[LATENCY_BOUNDS_MS.indexOf(ms as never)];
    expect(at(1000)).toBe(10);
    expect(at(1500)).toBe(13);
    expect(at(2000)).toBe(16);
    expect(at(3000)).toBe(17);
    // Nothing is known between 4 s and +Inf: counted as slow.
    expect(at(5000)).toBe(18);
    expect(at(500)).toBe(5);
    expect(result[result.length - 1]).toBe(20);
  });
});
