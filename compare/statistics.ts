/** Order statistics over raw samples, shared by the benchmarks and the comparison. */

/** Nearest-rank percentile of an ascending array (p in 0..100), as k6 reports p(95) and friends. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function ascending(values: readonly number[]): number[] {
  return Float64Array.from(values).sort() as unknown as number[];
}

export function median(values: readonly number[]): number {
  return percentile(ascending(values), 50);
}

/** Smallest and largest: the spread reported beside a median of a few repeated measurements. */
export function range(values: readonly number[]): { min: number; max: number } {
  return { min: Math.min(...values), max: Math.max(...values) };
}
