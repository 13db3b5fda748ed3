/**
 * The `lambda-duel/summary@2` document (its schema: summary.schema.json beside this file) as
 * TypeScript sees it, and the `@1` document it replaced (summary@1.schema.json), which compare still
 * reads: pure types and functions, k6 scripts bundle them.
 */
import type { ContenderName, PerContender } from '../functions.config.ts';
import type { Mode, ScenarioName, Target } from '../k6.config.ts';
import type { Segment } from './segments.ts';

export const summarySchemaId = 'lambda-duel/summary@2';
export const summaryV1SchemaId = 'lambda-duel/summary@1';

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

interface RunFacts {
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
  /** The one segment of the test this k6 instance ran (formats/segments.ts); absent for a test run whole. */
  segment?: Segment;
  /** A summary merged from its segments' (compare/merge): how many k6 instances ran the test. */
  segments?: number;
}

export interface RunSummary {
  schema: typeof summarySchemaId;
  /** `contenders`: the ones the run measured, in declaration order; each, and only they, has a route. */
  run: RunFacts & { contenders: ContenderName[] };
  routes: PerContender<RouteSummary>;
}

/** Version 1: always Node and Rust, no contender list. */
export interface RunSummaryV1 {
  schema: typeof summaryV1SchemaId;
  run: RunFacts;
  routes: Record<'node' | 'rust', RouteSummary>;
}

/** A version-1 summary as version 2 says the same: its two contenders named. */
export function fromV1(summary: RunSummaryV1): RunSummary {
  return { ...summary, schema: summarySchemaId, run: { ...summary.run, contenders: ['node', 'rust'] }, routes: summary.routes };
}

/** A contender's route in a summary; a name the run did not measure is a mistake of the caller. */
export function routeOf(summary: RunSummary, contender: ContenderName): RouteSummary {
  const route = summary.routes[contender];
  if (!route) throw new Error(`summary ${summary.run.id} has no route ${contender} (it measured ${summary.run.contenders.join(', ')})`);
  return route;
}
