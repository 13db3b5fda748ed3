/** Order statistics over raw samples, shared by the benchmarks and the comparison. */

/**
 * Nearest-rank percentile of an ascending array (p in 0..100): always a value that was measured.
 * k6's summary interpolates between neighbours instead; over a run's samples the two agree closely.
 */
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

/** The statistics of a k6 trend for a sample (percentiles by nearest rank), or null for an empty one. */
export function trendOf(values: readonly number[]): Record<'avg' | 'min' | 'med' | 'p(90)' | 'p(95)' | 'p(99)' | 'p(99.9)' | 'max', number> | null {
  if (values.length === 0) return null;
  const sorted = ascending(values);
  return {
    avg: values.reduce((sum, value) => sum + value, 0) / values.length,
    min: sorted[0]!,
    med: percentile(sorted, 50),
    'p(90)': percentile(sorted, 90),
    'p(95)': percentile(sorted, 95),
    'p(99)': percentile(sorted, 99),
    'p(99.9)': percentile(sorted, 99.9),
    max: sorted[sorted.length - 1]!,
  };
}
