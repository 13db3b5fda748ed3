/** Test-only: a tuning of two contenders at three sizes, shaped like a real one. */
import { tuningSchemaId, type Tuning, type TuningPoint } from '../../formats/tuning.ts';
import type { ContenderName } from '../../functions.config.ts';

export function point(contender: ContenderName, memoryMb: number, latencyP95Ms: number, costPerMillion: number): TuningPoint {
  return {
    contender,
    memoryMb,
    latencyP50Ms: latencyP95Ms / 2,
    latencyP95Ms,
    durationP50Ms: latencyP95Ms / 3,
    initP50Ms: 100,
    coldClientP50Ms: 200,
    maxMemoryUsedMb: 50,
    costPerMillion,
    runDir: `results/fixture-tune/${memoryMb}mb`,
  };
}

export const tuning: Tuning = {
  schema: tuningSchemaId,
  target: 'local',
  cpuModel: 'lambda',
  sizes: [128, 512, 1769],
  contenders: ['rust', 'python'],
  weight: 0.5,
  points: [
    point('rust', 128, 40, 7.01),
    point('rust', 512, 12, 7.02),
    point('rust', 1769, 10, 7.06),
    point('python', 128, 160, 7.04),
    point('python', 512, 45, 7.05),
    point('python', 1769, 30, 7.12),
  ],
  recommendations: { rust: { cost: 128, speed: 1769, balanced: 512 }, python: { cost: 128, speed: 1769, balanced: 512 } },
};
