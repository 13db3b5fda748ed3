import { ascending, percentile } from './statistics.ts';
import { seededRandom } from './random.ts';

export interface RatioInterval {
  low: number;
  high: number;
}

/**
 * A percentile bootstrap 95 % interval for statistic(a) / statistic(b): both samples resampled
 * with replacement `rounds` times. Deterministic for a seed, so a report can be reproduced.
 */
export function bootstrapRatio(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  statistic: (sorted: Float64Array) => number,
  { rounds = 1000, seed = 1 }: { rounds?: number; seed?: number } = {},
): RatioInterval | null {
  if (a.length < 2 || b.length < 2) return null;
  const random = seededRandom(seed);
  const ratios: number[] = [];
  const bufferA = new Float64Array(a.length);
  const bufferB = new Float64Array(b.length);
  for (let round = 0; round < rounds; round += 1) {
    const denominator = statistic(resample(b, bufferB, random));
    if (denominator > 0) ratios.push(statistic(resample(a, bufferA, random)) / denominator);
  }
  if (ratios.length < rounds / 2) return null;
  const sorted = ascending(ratios);
  return { low: percentile(sorted, 2.5), high: percentile(sorted, 97.5) };
}

/** A statistic for `bootstrapRatio`: the p-th percentile (nearest rank) of a sorted sample. */
export function percentileOf(p: number): (sorted: Float64Array) => number {
  return (sorted) => percentile(sorted as unknown as number[], p);
}

function resample(from: ArrayLike<number>, into: Float64Array, random: () => number): Float64Array {
  for (let i = 0; i < into.length; i += 1) into[i] = from[Math.floor(random() * from.length)]!;
  return into.sort();
}

