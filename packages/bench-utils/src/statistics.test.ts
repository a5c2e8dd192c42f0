import {
  percentile,
  percentileOfUnsorted,
  sortedAscending,
} from './statistics';

describe('percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('is the nearest rank: the smallest value at least p % of the values do not exceed', () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([3, 7, 9], 50)).toBe(7);
    expect(percentile([3, 7, 9, 20], 50)).toBe(7);
  });

  it('stays within the values at the edges and for one value', () => {
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile([42], 99)).toBe(42);
  });

  it('is NaN without values', () => {
    expect(percentile([], 50)).toBeNaN();
  });

  it('reads typed arrays', () => {
    expect(percentile(Float64Array.from([0.5, 1.5, 2.5]), 99)).toBe(2.5);
  });

  it('sorts a copy when asked for the percentile of unsorted values', () => {
    const values = [9, 1, 5, 3, 7];
    expect(percentileOfUnsorted(values, 50)).toBe(5);
    expect(values).toEqual([9, 1, 5, 3, 7]);
    expect(sortedAscending(new Set([10, 2, 33]))).toEqual([2, 10, 33]);
  });
});
