/**
 * A log-linear histogram of non-negative values (milliseconds here), in the manner of HDR
 * histograms: each power of two is split into 2^bits equal buckets, so a reported value is within
 * `relativeError` of a recorded one however wide the range, and a run of any length fits in a few
 * hundred kilobytes.
 *
 * A bucket is read straight off the bits of the IEEE-754 double: the exponent and the top `bits`
 * of the mantissa are one integer that grows with the value, so recording needs no logarithm.
 */

const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);
/** Which of the two 32-bit words holds the sign, exponent and top of the mantissa. */
const high = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** Values below this (1 ns, k6's resolution, in ms) share one bucket [0, floor): the zero bucket. */
const floorMs = 2 ** -20;

export interface Bucket {
  /** The bucket holds values in [lowMs, highMs). */
  lowMs: number;
  highMs: number;
  count: number;
}

export class Histogram {
  /** Largest relative difference between a value this histogram reports and the recorded one it stands for. */
  readonly relativeError: number;
  readonly bits: number;
  private readonly shift: number;
  private readonly zeroKey: number;
  /** counts[i] is the count of the bucket with key `base + i`; grown on demand to cover what was recorded. */
  private counts = new Float64Array(0);
  private base = 0;
  private total = 0;
  private sum = 0;
  private lowest = Number.POSITIVE_INFINITY;
  private highest = Number.NEGATIVE_INFINITY;

  /** `significantDigits` 3 tells 1.000 from 1.001; 2 is enough for a chart and takes 8× less room. */
  constructor(significantDigits = 3) {
    if (!Number.isInteger(significantDigits) || significantDigits < 1 || significantDigits > 5) {
      throw new RangeError(`significantDigits must be 1 to 5, got ${significantDigits}`);
    }
    this.bits = Math.ceil(Math.log2(10 ** significantDigits));
    this.shift = 20 - this.bits;
    this.relativeError = 2 ** -(this.bits + 1);
    this.zeroKey = this.keyOf(floorMs) - 1;
  }

  get count(): number {
    return this.total;
  }

  /** Exact, as recorded; NaN when empty. */
  get min(): number {
    return this.total === 0 ? Number.NaN : this.lowest;
  }

  get max(): number {
    return this.total === 0 ? Number.NaN : this.highest;
  }

  get mean(): number {
    return this.total === 0 ? Number.NaN : this.sum / this.total;
  }

  record(value: number): void {
    if (!(value >= 0) || value === Number.POSITIVE_INFINITY) throw new RangeError(`a histogram records finite values ≥ 0, got ${value}`);
    this.add(value < floorMs ? this.zeroKey : this.keyOf(value), 1);
    this.total += 1;
    this.sum += value;
    if (value < this.lowest) this.lowest = value;
    if (value > this.highest) this.highest = value;
  }

  /** Adds another histogram of the same precision, as if its values had been recorded here. */
  merge(other: Histogram): void {
    if (other.bits !== this.bits) throw new RangeError(`cannot merge histograms of different precision (${other.bits} and ${this.bits} bits)`);
    if (other.total === 0) return;
    other.counts.forEach((count, index) => count > 0 && this.add(other.base + index, count));
    this.total += other.total;
    this.sum += other.sum;
    this.lowest = Math.min(this.lowest, other.lowest);
    this.highest = Math.max(this.highest, other.highest);
  }

  /** Nearest-rank percentile (p in 0..100), the definition of compare/statistics.ts `percentile`; NaN when empty. */
  percentile(p: number): number {
    if (this.total === 0) return Number.NaN;
    const rank = Math.min(this.total, Math.max(1, Math.ceil((p / 100) * this.total)));
    return this.valueAtIndex(rank - 1);
  }

  /**
   * The percentile as k6 puts it in its end-of-test summary (p in 0..100): linear interpolation
   * between the sorted samples around index p/100 × (count − 1) (k6 v1 metrics.TrendSink.P).
   */
  k6Percentile(p: number): number {
    if (this.total === 0) return Number.NaN;
    const index = (p / 100) * (this.total - 1);
    const below = this.valueAtIndex(Math.floor(index));
    const above = this.valueAtIndex(Math.ceil(index));
    return below + (above - below) * (index - Math.floor(index));
  }

  /**
   * The non-empty buckets in ascending order, merged to `perOctave` buckets per power of two (a
   * power of two up to 2^bits). Boundaries lie on one fixed grid, so two histograms' buckets line up.
   */
  buckets(perOctave = 16): Bucket[] {
    const merged = Math.log2(perOctave);
    if (!Number.isInteger(merged) || merged > this.bits || merged < 0) {
      throw new RangeError(`perOctave must be a power of two up to ${2 ** this.bits}, got ${perOctave}`);
    }
    const drop = this.bits - merged;
    const result: Bucket[] = [];
    this.counts.forEach((count, index) => {
      if (count === 0) return;
      const key = this.base + index;
      if (key === this.zeroKey) return void result.push({ lowMs: 0, highMs: floorMs, count });
      const group = key >>> drop;
      const last = result.at(-1);
      if (last && last.lowMs === this.lowerBound(group << drop)) last.count += count;
      else result.push({ lowMs: this.lowerBound(group << drop), highMs: this.lowerBound((group + 1) << drop), count });
    });
    return result;
  }

  /** The value of the sample at `index` (0-based) in sorted order: its bucket's middle, the exact min and max at the ends. */
  private valueAtIndex(index: number): number {
    if (index <= 0) return this.lowest;
    if (index >= this.total - 1) return this.highest;
    let seen = 0;
    for (let i = 0; i < this.counts.length; i += 1) {
      seen += this.counts[i]!;
      if (seen > index) {
        const key = this.base + i;
        const middle = key === this.zeroKey ? 0 : (this.lowerBound(key) + this.lowerBound(key + 1)) / 2;
        return Math.min(this.highest, Math.max(this.lowest, middle));
      }
    }
    return this.highest;
  }

  private keyOf(value: number): number {
    float[0] = value;
    return words[high]! >>> this.shift;
  }

  private lowerBound(key: number): number {
    words[high] = key << this.shift;
    words[1 - high] = 0;
    return float[0]!;
  }

  private add(key: number, count: number): void {
    let index = key - this.base;
    if (index < 0 || index >= this.counts.length) index = this.grow(key);
    this.counts[index]! += count;
  }

  /** Widens the counted key range to take `key`, with room to spare on that side; returns its index. */
  private grow(key: number): number {
    const length = this.counts.length;
    if (length === 0) {
      this.counts = new Float64Array(2 ** this.bits);
      this.base = Math.max(this.zeroKey, key - 2 ** (this.bits - 1));
      return key - this.base;
    }
    const spare = Math.max(length, 2 ** this.bits);
    const base = key < this.base ? Math.max(this.zeroKey, key - spare) : this.base;
    const end = Math.max(this.base + length, key >= this.base + length ? key + spare : 0);
    const counts = new Float64Array(end - base);
    counts.set(this.counts, this.base - base);
    this.counts = counts;
    this.base = base;
    return key - base;
  }
}
