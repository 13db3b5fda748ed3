/**
 * The comparison of one run, its contenders side by side: what `compare.json` holds and every
 * renderer (terminal, Markdown, HTML) draws from. Values are per contender; each ratio is one
 * contender over the reference contender. Types and constants only: the HTML report's browser
 * code imports them too.
 */
import type { ContenderName, PerContender } from '../functions.config.ts';
import type { ScenarioName, Target } from '../k6.config.ts';

/** @2: values and charts per contender of the run, a ratio per contender against `reference` (@1 had node and rust, one ratio). */
export const comparisonSchemaId = 'lambda-duel/compare@2';

export type Better = 'lower' | 'higher';

/** A ratio's 95 % confidence interval and how it was found. */
export interface Interval {
  low: number;
  high: number;
  /** "bootstrap over 12,345 raw samples", "bootstrap over 15 one-minute windows". */
  method: string;
}

export interface MetricRow {
  /** Stable key, e.g. "latency.p95", "cold.init.p50", "memory.max". */
  id: string;
  /** Row group in the tables: "Latency", "Throughput", "Cold starts", "Function", "Package", "Cost". */
  group: string;
  label: string;
  unit: 'ms' | 'req/s' | '%' | 'count' | 'MB' | 'bytes' | '$';
  /**
   * Which way is better; null for context that neither function sets, such as the load an
   * open-model test offered: such a row names no winner, and its verdict says why.
   */
  better: Better | null;
  /** Per contender of the run; null where it has no value. */
  values: PerContender<number | null>;
  /** One per contender but the reference, in the run's order. */
  ratios: RowRatio[];
}

/** One contender against the reference on one row. */
export interface RowRatio {
  contender: ContenderName;
  /** contender / reference; null when either side is missing or zero. */
  ratio: number | null;
  interval: Interval | null;
  /** One line: "rust 2.31× faster (95 % CI 2.10–2.55)", "no significant difference", "n/a", or why there is no winner. */
  verdict: string;
}

/** A point of a series over time, seconds from the start of the run. */
export interface TimePoint {
  t: number;
  value: number;
}

export interface Distribution {
  /** Upper bound of each bucket, ms, ascending. */
  bucketsMs: number[];
  /** Requests per bucket. */
  counts: number[];
}

/** Dollars, by what is billed. */
export interface CostBreakdown {
  apiGateway: number;
  lambdaRequests: number;
  /** Invoke-phase GB-seconds. */
  lambdaCompute: number;
  /** INIT-phase GB-seconds of the cold starts. */
  lambdaInit: number;
  s3Puts: number;
  /** GetObject: the thumbnailers read each upload; the UUID writers read nothing. */
  s3Gets: number;
  dynamodbWrites: number;
  logs: number;
  total: number;
}

export interface Charts {
  /** Client-seen latency percentiles per route (keys p50, p90, p95, p99, p99.9, max). */
  latencyPercentiles: PerContender<Record<string, number | null>>;
  /** The latency distribution per route, on shared buckets; null without raw samples. */
  latencyDistribution: PerContender<Distribution> | null;
  /** p95 latency and requests/s per time window; null without raw samples. */
  p95OverTime: PerContender<TimePoint[]> | null;
  rpsOverTime: PerContender<TimePoint[]> | null;
  /** Cold starts: Init Duration (from REPORT lines) beside the latency the client saw, ms. */
  coldStarts: PerContender<{ initMs: number[]; clientMs: number[] }>;
  /** Max Memory Used per invocation, MB, from REPORT lines. */
  memoryMb: PerContender<number[]>;
  /** Cost per million requests by what is billed. */
  cost: PerContender<CostBreakdown>;
}

/** How a claim, or one metric of it, fares against the run. */
export type ClaimVerdict = 'holds' | 'does not hold' | 'inconclusive' | 'not measurable here';

/** One metric a claim is held against: the factor by which the claimed winner beats the loser. */
export interface ClaimCheck {
  /** A row of `rows` (e.g. "latency.p95"), or a metric no row has (e.g. "cpu"). */
  metric: string;
  label: string;
  /**
   * How many times better the claimed winner measured: loser/winner where lower is better; below 1
   * when the loser measured better. Null when the run has no such figure.
   */
  factor: number | null;
  /** The factor's 95 % interval, as the row's ratio had it; null for an exact or a derived figure. */
  interval: Interval | null;
  verdict: ClaimVerdict;
  /** One line: the measured factor against the claimed one, or why it cannot be measured here. */
  why: string;
}

/** A claim of a write-up, in its own words, and each metric it makes a claim about. */
export interface Claim {
  quote: string;
  /** The factor the claim states, claimed winner over loser, e.g. 8–10. */
  claimed: { low: number; high: number };
  /** Holds only if every measurable check holds; fails if any does not. */
  verdict: ClaimVerdict;
  checks: ClaimCheck[];
}

/** A write-up's claims about two contenders, held against this run. */
export interface Claims {
  /** The write-up, from the repository's root. */
  source: string;
  winner: ContenderName;
  loser: ContenderName;
  /** Where the figures come from, and what that means for the claims, which were made on AWS. */
  measuredOn: string;
  claims: Claim[];
}

/** What ran the function here beside what it is deployed on, when the two differ. */
export interface RuntimeNote {
  /** The Lambda runtime the stack deploys, e.g. "python3.15". */
  deployed: string;
  /** What the stand-in ran it on, e.g. "CPython 3.11.2 (awslambdaric 4.2.2)". */
  local: string;
}

export interface Comparison {
  schema: typeof comparisonSchemaId;
  run: {
    id: string;
    scenario: ScenarioName;
    target: Target;
    mode: string;
    startedAt: string;
    durationSeconds: number;
    machine: string;
  };
  /** The contenders compared, in declaration order: a column each. */
  contenders: ContenderName[];
  /** The contender every ratio is taken against (`--reference`, rust by default). */
  reference: ContenderName;
  /** Shown above everything when the numbers come from the local stand-in. */
  banner: string | null;
  /** What was present: raw k6 samples, REPORT records, build artefact sizes. */
  sources: { raw: boolean; reports: boolean; artifacts: boolean; pricing: string };
  rows: MetricRow[];
  /**
   * The seed write-up's claims held against the run; null when the run lacks a contender they are
   * about (a `CONTENDERS=node,rust` run, say).
   */
  claims: Claims | null;
  /** Per contender whose local runtime is another version than the deployed one (a local run only). */
  runtimes: PerContender<RuntimeNote>;
  /**
   * A local run's CPU model per contender: its memory size and the share of a core the stand-in
   * held its environments to while invoked (`lambda`), or null where they had every core
   * (`whole-cores`). Empty for a run elsewhere.
   */
  cpu: PerContender<{ memoryMb: number; vcpus: number | null }>;
  charts: Charts;
}
