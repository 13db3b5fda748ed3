import { describe, expect, it } from 'vitest';
import { ascending, percentile } from '../statistics.ts';
import { Histogram } from './histogram.ts';

/** Deterministic samples from known distributions (inverse CDF over an even grid), shuffled so that order plays no part. */
const shuffled = (values: number[]) => values.map((value, i) => [value, (i * 7919) % values.length] as const).sort((a, b) => a[1] - b[1]).map(([value]) => value);
const uniform = (n: number, low: number, high: number) => shuffled(Array.from({ length: n }, (_, i) => low + ((i + 0.5) / n) * (high - low)));
const exponential = (n: number, mean: number) => shuffled(Array.from({ length: n }, (_, i) => -mean * Math.log(1 - (i + 0.5) / n)));
/** Spread evenly over the logarithm: from microseconds to minutes, where a fixed bucket width would fail. */
const logUniform = (n: number, low: number, high: number) => shuffled(Array.from({ length: n }, (_, i) => low * (high / low) ** ((i + 0.5) / n)));

/** k6's summary percentile over the exact samples (metrics.TrendSink.P in k6 v1). */
function k6Exact(sorted: readonly number[], p: number): number {
  const index = (p / 100) * (sorted.length - 1);
  const below = sorted[Math.floor(index)]!;
  return below + (sorted[Math.ceil(index)]! - below) * (index - Math.floor(index));
}

const ps = [0, 0.1, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100];

function expectWithin(actual: number, exact: number, relativeError: number): void {
  expect(Math.abs(actual - exact)).toBeLessThanOrEqual(exact * relativeError + 1e-12);
}

describe('a log-linear histogram', () => {
  it.each([
    ['uniform 1–1000 ms', uniform(100_000, 1, 1000)],
    ['exponential, mean 20 ms', exponential(100_000, 20)],
    ['log-uniform 1 µs – 10 min', logUniform(100_000, 0.001, 600_000)],
  ])('gives the percentiles of %s within its precision, both nearest-rank and as k6 interpolates', (_, values) => {
    // Given every value recorded
    const histogram = new Histogram();
    values.forEach((value) => histogram.record(value));
    const sorted = ascending(values);
    // Then each percentile is within 3 significant digits of the exact one
    expect(histogram.relativeError).toBeLessThan(0.0005);
    for (const p of ps) {
      expectWithin(histogram.percentile(p), percentile(sorted, p), histogram.relativeError);
      expectWithin(histogram.k6Percentile(p), k6Exact(sorted, p), histogram.relativeError);
    }
    expect([histogram.count, histogram.min, histogram.max]).toEqual([values.length, sorted[0], sorted.at(-1)]);
    expect(histogram.mean).toBeCloseTo(values.reduce((sum, value) => sum + value, 0) / values.length, 6);
  });

  it('finds the known quantiles of an exponential distribution', () => {
    const histogram = new Histogram();
    exponential(200_000, 10).forEach((value) => histogram.record(value));
    // median = mean · ln 2, p99 = mean · ln 100
    expect(histogram.percentile(50)).toBeCloseTo(10 * Math.LN2, 2);
    expect(histogram.percentile(99)).toBeCloseTo(10 * Math.log(100), 1);
  });

  it('keeps any single value to its precision, at 2 and 3 significant digits', () => {
    for (const digits of [2, 3]) {
      for (const value of logUniform(2_000, 0.0001, 1e7)) {
        // Given a value between two others, so that neither the exact min nor max stands for it
        const histogram = new Histogram(digits);
        [value / 4, value, value * 4].forEach((each) => histogram.record(each));
        expectWithin(histogram.percentile(50), value, histogram.relativeError);
      }
    }
    expect(new Histogram(2).relativeError).toBeLessThan(0.005);
  });

  it('counts zeros and values below a nanosecond in a bucket of their own', () => {
    const histogram = new Histogram();
    [0, 0, 1e-9, 5, 5].forEach((value) => histogram.record(value));
    // A value under k6's resolution reads as 0
    expect([histogram.min, histogram.percentile(40), histogram.percentile(60), histogram.max]).toEqual([0, 0, 0, 5]);
    expect(histogram.buckets()[0]).toEqual({ lowMs: 0, highMs: 2 ** -20, count: 3 });
  });

  it('merges into the histogram of all the values', () => {
    // Given a sample recorded whole, and in two parts that cover different ranges
    const values = exponential(50_000, 30);
    const whole = new Histogram();
    const fast = new Histogram();
    const slow = new Histogram();
    values.forEach((value) => (whole.record(value), (value < 10 ? fast : slow).record(value)));
    // When the parts are merged, the wider range into the narrower one too
    const merged = new Histogram();
    [slow, new Histogram(), fast].forEach((part) => merged.merge(part));
    fast.merge(slow);
    // Then both are the histogram of the whole
    for (const histogram of [merged, fast]) {
      expect([histogram.count, histogram.min, histogram.max]).toEqual([whole.count, whole.min, whole.max]);
      for (const p of ps) expect(histogram.percentile(p)).toBe(whole.percentile(p));
      expect(histogram.buckets(1024)).toEqual(whole.buckets(1024));
    }
    expect(() => merged.merge(new Histogram(2))).toThrow('cannot merge histograms of different precision');
  });

  it('gives buckets for a chart that line up between histograms and hold every value', () => {
    const node = new Histogram();
    const rust = new Histogram();
    exponential(10_000, 25).forEach((value) => node.record(value + 5));
    exponential(10_000, 10).forEach((value) => rust.record(value + 2));
    const [nodeBuckets, rustBuckets] = [node.buckets(8), rust.buckets(8)];
    expect(nodeBuckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(10_000);
    // Every bucket is an eighth of a power of two, on one grid
    for (const bucket of [...nodeBuckets, ...rustBuckets]) {
      const octave = 2 ** Math.floor(Math.log2(bucket.lowMs));
      expect(bucket.highMs - bucket.lowMs).toBeCloseTo(octave / 8, 12);
      expect(((bucket.lowMs - octave) / octave) * 8).toBeCloseTo(Math.round(((bucket.lowMs - octave) / octave) * 8), 9);
    }
    expect(nodeBuckets.map((bucket) => bucket.lowMs)).toEqual([...nodeBuckets.map((bucket) => bucket.lowMs)].sort((a, b) => a - b));
    expect(() => node.buckets(3)).toThrow('perOctave must be a power of two up to 1024, got 3');
  });

  it('reports an empty histogram as NaN and refuses values no duration can have', () => {
    const histogram = new Histogram();
    expect([histogram.count, histogram.min, histogram.max, histogram.mean, histogram.percentile(50), histogram.k6Percentile(50)]).toEqual([0, NaN, NaN, NaN, NaN, NaN]);
    expect(histogram.buckets()).toEqual([]);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => histogram.record(bad)).toThrow('a histogram records finite values ≥ 0');
    expect(() => new Histogram(0)).toThrow('significantDigits must be 1 to 5, got 0');
  });
});
