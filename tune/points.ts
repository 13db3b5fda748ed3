import type { Comparison } from '../formats/comparison.ts';
import type { TuningPoint } from '../formats/tuning.ts';

/** The rows of a size's comparison that a tuning keeps, by the field they fill. */
const rowOf = {
  latencyP50Ms: 'latency.p50',
  latencyP95Ms: 'latency.p95',
  durationP50Ms: 'duration.p50',
  initP50Ms: 'cold.init.p50',
  coldClientP50Ms: 'cold.client.p50',
  maxMemoryUsedMb: 'memory.max',
  costPerMillion: 'cost.total',
} as const;

/** Each compared contender's point at the size the comparison's run measured. */
export function pointsOf(comparison: Comparison, memoryMb: number, runDir: string): TuningPoint[] {
  const rows = new Map(comparison.rows.map((row) => [row.id, row]));
  return comparison.contenders.map((contender) => {
    const value = (id: string) => rows.get(id)?.values[contender] ?? null;
    const figures = Object.fromEntries(Object.entries(rowOf).map(([field, id]) => [field, value(id)])) as Record<keyof typeof rowOf, number | null>;
    return { contender, memoryMb, ...figures, runDir };
  });
}
