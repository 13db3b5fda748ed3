import { describe, expect, it } from 'vitest';
import { bootstrapRatio, percentileOf } from './bootstrap.ts';
import { ascending, median, percentile, range } from './statistics.ts';

/** Deterministic samples from known distributions (inverse CDF over an even grid). */
const uniform = (n: number, low: number, high: number) => Array.from({ length: n }, (_, i) => low + ((i + 0.5) / n) * (high - low));
const exponential = (n: number, mean: number) => Array.from({ length: n }, (_, i) => -mean * Math.log(1 - (i + 0.5) / n));

describe('order statistics', () => {
  it('take the nearest rank: always a measured value', () => {
    const sorted = ascending([5, 1, 4, 2, 3]);
    expect([percentile(sorted, 0), percentile(sorted, 20), percentile(sorted, 50), percentile(sorted, 100)]).toEqual([1, 1, 3, 5]);
    expect(median([10, 30, 20])).toBe(20);
    expect(range([3, -1, 7])).toEqual({ min: -1, max: 7 });
  });

  it('find the quantiles of known distributions', () => {
    expect(median(uniform(10_001, 0, 100))).toBeCloseTo(50, 1);
    // Exponential: median = mean · ln 2, p99 = mean · ln 100
    const sorted = ascending(exponential(100_000, 10));
    expect(percentile(sorted, 50)).toBeCloseTo(10 * Math.LN2, 1);
    expect(percentile(sorted, 99)).toBeCloseTo(10 * Math.log(100), 0);
  });
});

describe('bootstrap interval of a ratio', () => {
  it('brackets the true ratio of two distributions that differ', () => {
    // Given latencies whose medians are 20 ms and 10 ms
    const slow = exponential(2_000, 20 / Math.LN2);
    const fast = exponential(2_000, 10 / Math.LN2);
    // When the ratio of medians is bootstrapped
    const interval = bootstrapRatio(slow, fast, percentileOf(50))!;
    // Then the interval holds 2 and not 1
    expect(interval.low).toBeLessThan(2);
    expect(interval.high).toBeGreaterThan(2);
    expect(interval.low).toBeGreaterThan(1.5);
  });

  it('spans 1 when both samples come from one distribution', () => {
    const interval = bootstrapRatio(uniform(500, 5, 15), uniform(501, 5, 15), percentileOf(50))!;
    expect(interval.low).toBeLessThan(1);
    expect(interval.high).toBeGreaterThan(1);
  });

  it('is reproducible for a seed, and absent for too few samples', () => {
    const a = exponential(300, 3);
    const b = exponential(300, 4);
    expect(bootstrapRatio(a, b, percentileOf(95), { seed: 7 })).toEqual(bootstrapRatio(a, b, percentileOf(95), { seed: 7 }));
    expect(bootstrapRatio([1], b, percentileOf(50))).toBeNull();
  });
});
