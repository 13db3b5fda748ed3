import type { Recommendation, TuningPoint } from '../formats/tuning.ts';

/**
 * The size each strategy picks for one contender, as aws-lambda-power-tuning picks: `cost`, the
 * cheapest per request; `speed`, the lowest client-seen p95 latency; `balanced`, the lowest
 * weight × cost + (1 − weight) × p95, each scaled from 0 (the best size's) to 1 (the worst's): the
 * whole stack's cost is mostly S3 and API Gateway, the same at every size, so a share of the
 * dearest would leave cost no say. A size without both figures is left out; null when none has
 * them; on a tie, the smaller size.
 */
export function recommend(points: TuningPoint[], weight: number): Recommendation {
  const measured = points.filter((point) => point.costPerMillion !== null && point.latencyP95Ms !== null);
  if (measured.length === 0) return { cost: null, speed: null, balanced: null };
  const cost = spread(measured.map((point) => point.costPerMillion!));
  const latency = spread(measured.map((point) => point.latencyP95Ms!));
  const lowest = (score: (point: TuningPoint) => number) => measured.reduce((best, point) => (score(point) < score(best) ? point : best)).memoryMb;
  return {
    cost: lowest((point) => point.costPerMillion!),
    speed: lowest((point) => point.latencyP95Ms!),
    balanced: lowest((point) => weight * cost(point.costPerMillion!) + (1 - weight) * latency(point.latencyP95Ms!)),
  };
}

/** A value's place between the lowest (0) and the highest (1) of them; 0 for all when they are one value. */
function spread(values: number[]): (value: number) => number {
  const [low, high] = [Math.min(...values), Math.max(...values)];
  return (value) => (high === low ? 0 : (value - low) / (high - low));
}
