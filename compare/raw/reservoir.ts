import { seededRandom } from '../random.ts';
/**
 * A uniform random sample of fixed size from a stream of unknown length (Vitter's algorithm R):
 * after n values, each of them is in the sample with probability capacity / n. Bootstrap intervals
 * resample it, where all of a two-hour run's values would not fit in memory.
 */
export class Reservoir {
  private readonly kept: Float64Array;
  private seen = 0;
  private readonly random: () => number;

  /** Seeded, so that the same file gives the same sample and the same report. */
  constructor(readonly capacity: number, seed = 1) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`a reservoir holds at least one value, got ${capacity}`);
    this.kept = new Float64Array(capacity);
    this.random = seededRandom(seed);
  }

  add(value: number): void {
    if (this.seen < this.capacity) this.kept[this.seen] = value;
    else {
      const slot = Math.floor(this.random() * (this.seen + 1));
      if (slot < this.capacity) this.kept[slot] = value;
    }
    this.seen += 1;
  }

  /** The sample, in no particular order: every value while fewer than `capacity` were added. */
  values(): Float64Array {
    return this.kept.slice(0, Math.min(this.seen, this.capacity));
  }
}

