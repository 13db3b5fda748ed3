/** The `lambda-duel/summary@1` document (its schema: summary.schema.json beside this file) as TypeScript sees it: pure types and constants, k6 scripts bundle it. */
import type { Mode, Route, ScenarioName, Target } from '../k6.config.ts';

export const summarySchemaId = 'lambda-duel/summary@1';

export type TrendKey = 'avg' | 'min' | 'med' | 'p(90)' | 'p(95)' | 'p(99)' | 'p(99.9)' | 'max';
export type Trend = Record<TrendKey, number>;

export interface RouteSummary {
  requests: number;
  ratePerSecond: number;
  failures: { total: number; rate: number; byStatus: Record<string, number> };
  latencyMs: Trend | null;
  cold: { count: number; latencyMs: Trend | null };
  warm: { latencyMs: Trend | null };
  checks: { passes: number; fails: number };
  thresholds: Array<{ metric: string; threshold: string; ok: boolean }>;
  /** Only where a scenario served this route alone; absent in interleaved runs and older summaries. */
  droppedIterations?: number;
}

export interface RunSummary {
  schema: typeof summarySchemaId;
  run: {
    id: string;
    scenario: ScenarioName;
    target: Target;
    mode: Mode;
    baseUrl: string;
    rate: number;
    k6Version: string;
    machine: string;
    startedAt: string;
    endedAt: string;
    durationSeconds: number;
    /** Absent in summaries written before it was recorded. */
    droppedIterations?: number;
    /** Why the test stopped before its load started; its thresholds were not evaluated. */
    aborted?: string;
  };
  routes: Record<Route, RouteSummary>;
}
