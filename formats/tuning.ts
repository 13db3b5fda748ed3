/**
 * The result of `npm run tune`, `tune.json`: per contender and memory size what the run measured,
 * and the size each strategy recommends. Types and constants only.
 */
import type { ContenderName, PerContender } from '../functions.config.ts';

export const tuningSchemaId = 'lambda-duel/tune@1';

export type Strategy = 'cost' | 'speed' | 'balanced';

/** One contender at one memory size. Null where the run has no such figure. */
export interface TuningPoint {
  contender: ContenderName;
  memoryMb: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  durationP50Ms: number | null;
  initP50Ms: number | null;
  coldClientP50Ms: number | null;
  maxMemoryUsedMb: number | null;
  /** The whole stack's, per million requests. */
  costPerMillion: number | null;
  /** The size's run, from the repository's root. */
  runDir: string;
}

export interface Recommendation {
  cost: number | null;
  speed: number | null;
  balanced: number | null;
}

export interface Tuning {
  schema: typeof tuningSchemaId;
  target: string;
  /** The stand-in's CPU model, or "lambda itself" on AWS. */
  cpuModel: string;
  sizes: number[];
  contenders: ContenderName[];
  /** `balanced`: weight × cost + (1 − weight) × p95 latency, each scaled from the best size (0) to the worst (1); lowest wins. */
  weight: number;
  points: TuningPoint[];
  recommendations: PerContender<Recommendation>;
}
