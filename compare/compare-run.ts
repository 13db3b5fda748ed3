import { functions } from '../functions.config.ts';
import { routes, type Route } from '../k6.config.ts';
import type { InvocationReport } from '../formats/report-record.ts';
import type { RunSummary, Trend, TrendKey } from '../formats/summary.ts';
import { bootstrapRatio, percentileOf } from './bootstrap.ts';
import { costPerMillionRequests, type CostProfile } from './cost.ts';
import { comparisonSchemaId, type Better, type Charts, type Comparison, type CostBreakdown, type Distribution, type Interval, type MetricRow, type TimePoint } from '../formats/comparison.ts';
import type { Pricing } from './pricing.ts';
import type { ContenderWrites, Reconciliation } from '../formats/reconciliation.ts';
import { ascending, percentile } from './statistics.ts';
import { verdict } from './verdict.ts';

/** What the raw k6 output adds, when the run kept it (RAW=1). */
export interface RawView {
  /** Client-seen latencies, ms: all of them or a uniform sample. */
  samples: Record<Route, ArrayLike<number>>;
  coldSamples: Record<Route, ArrayLike<number>>;
  /** Per window of time: its start (s from the run's start), request count and p95 (null when the route had none). */
  windows: Record<Route, Array<{ start: number; requests: number; p95: number | null }>>;
  windowSeconds: number;
  distribution: Record<Route, Distribution>;
}

export interface RunInputs {
  summary: RunSummary;
  /** REPORT records by function name; empty when the run has none. */
  reports: Map<string, InvocationReport[]>;
  raw: RawView | null;
  /** Deployment package sizes, by function. */
  packageSizes: Partial<Record<Route, PackageSizes>> | null;
  /** What the stores held after the run, when the runner reconciled it. */
  reconciliation: Reconciliation | null;
  pricing: Pricing;
  pricingSource: string;
}

type Values = Record<Route, number | null>;

/** A deployment package's bytes: zipped (null for runs built before the build zipped) and unzipped. */
export interface PackageSizes {
  zip: number | null;
  unzipped: number;
}

const localBanner =
  'Local stand-in: these numbers rank the two implementations on this machine; they are not AWS latencies ' +
  '(Lambda gives CPU in proportion to memory, the stand-in gives each environment whole cores).';

/** Node against Rust for one run: every row with its ratio and verdict, and the charts' data. */
export function compareRun(inputs: RunInputs): Comparison {
  const { summary } = inputs;
  const reports = Object.fromEntries(routes.map((route) => [route, inputs.reports.get(route) ?? []])) as Record<Route, InvocationReport[]>;
  const costs = costsOf(reports, inputs.pricing);
  const rows = [
    ...latencyRows(summary, inputs.raw),
    ...throughputRows(summary),
    ...coldStartRows(summary, reports),
    ...functionRows(reports),
    ...packageRows(inputs.packageSizes),
    ...costRows(costs),
    ...writeRows(inputs.reconciliation),
  ];
  return {
    schema: comparisonSchemaId,
    run: {
      id: summary.run.id,
      scenario: summary.run.scenario,
      target: summary.run.target,
      mode: summary.run.mode,
      startedAt: summary.run.startedAt,
      durationSeconds: summary.run.durationSeconds,
      machine: summary.run.machine,
    },
    banner: bannerFor(summary.run),
    sources: { raw: inputs.raw !== null, reports: inputs.reports.size > 0, artifacts: inputs.packageSizes !== null, pricing: inputs.pricingSource },
    rows,
    charts: charts(summary, reports, inputs.raw, costs),
  };
}

function bannerFor(run: RunSummary['run']): string | null {
  if (run.target === 'local') return localBanner;
  if (run.target === 'url') return `Target ${run.baseUrl}: a BASE_URL given without TARGET, so neither the stand-in this run started nor the deployed stack; where it runs, this run does not know.`;
  return null;
}

interface RowSpec {
  id: string;
  group: string;
  label: string;
  unit: MetricRow['unit'];
  better: Better | null;
  values: Values;
  /** Samples per route for a bootstrap interval, and the statistic the row shows. */
  samples?: { values: Record<Route, ArrayLike<number>>; statistic: (sorted: Float64Array) => number; method: string } | null;
  /** Why the row has no interval though it could have one; or, when `better` is null, why it has no winner. */
  note?: string;
}

function row(spec: RowSpec): MetricRow {
  const ratio = ratioOf(spec.values);
  const found = spec.samples && ratio !== null ? bootstrapRatio(spec.samples.values.node, spec.samples.values.rust, spec.samples.statistic) : null;
  const interval: Interval | null = found && spec.samples ? { ...found, method: spec.samples.method } : null;
  return {
    id: spec.id,
    group: spec.group,
    label: spec.label,
    unit: spec.unit,
    better: spec.better,
    values: spec.values,
    ratio,
    interval,
    verdict: verdict({ unit: spec.unit, better: spec.better, ratio, values: spec.values }, interval, spec.note ?? null),
  };
}

/** node / rust; two zeros are equal, and one zero has no ratio (the verdict still names the better side). */
function ratioOf({ node, rust }: Values): number | null {
  if (node === null || rust === null) return null;
  if (node === 0 && rust === 0) return 1;
  return node === 0 || rust === 0 ? null : node / rust;
}

const percentileKeys: Array<{ key: TrendKey; label: string; p: number | null }> = [
  { key: 'med', label: 'p50', p: 50 },
  { key: 'p(90)', label: 'p90', p: 90 },
  { key: 'p(95)', label: 'p95', p: 95 },
  { key: 'p(99)', label: 'p99', p: 99 },
  { key: 'p(99.9)', label: 'p99.9', p: 99.9 },
  { key: 'max', label: 'max', p: null },
];

function perRoute(value: (route: Route) => number | null | undefined): Values {
  return { node: value('node') ?? null, rust: value('rust') ?? null };
}

function latencyRows(summary: RunSummary, raw: RawView | null): MetricRow[] {
  const method = raw ? `bootstrap over ${raw.samples.node.length.toLocaleString('en-US')} + ${raw.samples.rust.length.toLocaleString('en-US')} raw samples` : '';
  return percentileKeys.map(({ key, label, p }) =>
    row({
      id: `latency.${label}`,
      group: 'Latency (client-seen)',
      label: `latency ${label}`,
      unit: 'ms',
      better: 'lower',
      values: perRoute((route) => summary.routes[route].latencyMs?.[key]),
      // The maximum of a resample is not a statistic a bootstrap can bound.
      samples: raw && p !== null ? { values: raw.samples, statistic: percentileOf(p), method } : null,
      ...(raw || p === null ? {} : { note: 'no interval: run with RAW=1' }),
    }),
  );
}

/**
 * The request count and rate are set by the test, not achieved by a function, so they stay as
 * context with no winner. The load tests are open-model (k6.config.ts): k6 offers each route its
 * load on a schedule (and, interleaved, decides which turns fall to which route). The cold-start
 * test is the one closed test: one VU, a fixed number of cold starts.
 */
export const offeredLoad = 'set by the load profile (open model)';
const fixedColdStarts = 'set by the test (one VU, a fixed number of cold starts)';

function throughputRows(summary: RunSummary): MetricRow[] {
  const statuses = [...new Set(routes.flatMap((route) => Object.keys(summary.routes[route].failures.byStatus)))].sort();
  const setBy = summary.run.scenario === 'coldstart' ? fixedColdStarts : offeredLoad;
  return [
    row({ id: 'throughput.rps', group: 'Throughput', label: 'requests/s', unit: 'req/s', better: null, note: setBy, values: perRoute((route) => summary.routes[route].ratePerSecond) }),
    row({ id: 'throughput.requests', group: 'Throughput', label: 'requests', unit: 'count', better: null, note: setBy, values: perRoute((route) => summary.routes[route].requests) }),
    ...droppedIterationRows(summary),
    row({ id: 'errors.rate', group: 'Throughput', label: 'error rate', unit: '%', better: 'lower', values: perRoute((route) => summary.routes[route].failures.rate * 100) }),
    ...statuses.map((status) =>
      row({
        id: `errors.status.${status}`,
        group: 'Throughput',
        label: `failures with status ${status === '0' ? '0 (no answer)' : status}`,
        unit: 'count',
        better: 'lower',
        values: perRoute((route) => summary.routes[route].failures.byStatus[status] ?? 0),
      }),
    ),
  ];
}

/**
 * Iterations k6 could not start because a route's answers kept every VU busy: where the offered
 * load outran a function. Ranked per route when each had a scenario of its own; an interleaved
 * run's one total is shown once, in the verdict, as no split of it would be measured.
 */
function droppedIterationRows(summary: RunSummary): MetricRow[] {
  const spec = { id: 'throughput.dropped', group: 'Throughput', label: 'dropped iterations', unit: 'count' } as const;
  const values = perRoute((route) => summary.routes[route].droppedIterations);
  if (values.node !== null && values.rust !== null) return [row({ ...spec, better: 'lower', values })];
  const total = summary.run.droppedIterations;
  if (total === undefined) return [];
  return [row({ ...spec, better: null, values, note: `${total.toLocaleString('en-US')} in the run, not split by route (one scenario served both)` })];
}

function coldStartRows(summary: RunSummary, reports: Record<Route, InvocationReport[]>): MetricRow[] {
  const inits = initDurations(reports);
  const hasReports = routes.some((route) => reports[route].length > 0);
  const initRow = (p: number) =>
    row({
      id: `cold.init.p${p}`,
      group: 'Cold starts',
      label: `Init Duration p${p} (REPORT)`,
      unit: 'ms',
      better: 'lower',
      values: perRoute((route) => (hasReports && inits[route].length > 0 ? percentile(ascending(inits[route]), p) : null)),
      samples: { values: inits, statistic: percentileOf(p), method: 'bootstrap over the REPORT lines' },
    });
  const clientRow = (key: TrendKey, label: string) =>
    row({
      id: `cold.client.${label}`,
      group: 'Cold starts',
      label: `client-seen cold latency ${label}`,
      unit: 'ms',
      better: 'lower',
      values: perRoute((route) => summary.routes[route].cold.latencyMs?.[key]),
    });
  return [
    row({ id: 'cold.count', group: 'Cold starts', label: 'cold starts', unit: 'count', better: 'lower', values: perRoute((route) => summary.routes[route].cold.count) }),
    initRow(50),
    initRow(99),
    clientRow('med', 'p50'),
    clientRow('p(99)', 'p99'),
  ];
}

function functionRows(reports: Record<Route, InvocationReport[]>): MetricRow[] {
  const field = (id: string, label: string, unit: MetricRow['unit'], pick: (report: InvocationReport) => number) => {
    const samples = Object.fromEntries(routes.map((route) => [route, reports[route].map(pick)])) as Record<Route, number[]>;
    const stat = (p: number) => perRoute((route) => (samples[route].length > 0 ? percentile(ascending(samples[route]), p) : null));
    return [
      row({ id: `${id}.p50`, group: 'Function (REPORT)', label: `${label} p50`, unit, better: 'lower', values: stat(50), samples: { values: samples, statistic: percentileOf(50), method: 'bootstrap over the REPORT lines' } }),
      row({ id: `${id}.max`, group: 'Function (REPORT)', label: `${label} max`, unit, better: 'lower', values: stat(100) }),
    ];
  };
  return [
    ...field('duration', 'Duration', 'ms', (report) => report.durationMs),
    ...field('billed', 'Billed Duration', 'ms', (report) => report.billedDurationMs),
    ...field('memory', 'Max Memory Used', 'MB', (report) => report.maxMemoryUsedMb),
  ];
}

/** Lambda limits both: the zip to 50 MB, what it unpacks to 250 MB. */
function packageRows(sizes: Partial<Record<Route, PackageSizes>> | null): MetricRow[] {
  return [
    row({ id: 'package.zip', group: 'Package', label: 'deployment zip', unit: 'bytes', better: 'lower', values: perRoute((route) => sizes?.[route]?.zip) }),
    row({ id: 'package.unzipped', group: 'Package', label: 'unzipped', unit: 'bytes', better: 'lower', values: perRoute((route) => sizes?.[route]?.unzipped) }),
  ];
}

function costRows(costs: Record<Route, CostBreakdown> | null): MetricRow[] {
  const lambda = (cost: CostBreakdown) => cost.lambdaRequests + cost.lambdaCompute + cost.lambdaInit;
  return [
    row({ id: 'cost.total', group: 'Cost per million requests', label: 'whole stack', unit: '$', better: 'lower', values: perRoute((route) => costs?.[route].total) }),
    row({ id: 'cost.lambda', group: 'Cost per million requests', label: 'Lambda (requests, compute, INIT)', unit: '$', better: 'lower', values: perRoute((route) => (costs ? lambda(costs[route]) : null)) }),
  ];
}

/**
 * What each contender's writes left in the stores. A 201 without its object and item is a lost
 * write; an orphan object is a write whose item never came (kept on purpose when a store's answer
 * was unknown); a dangling item, one whose object is gone, is what the contract forbids.
 */
function writeRows(reconciliation: Reconciliation | null): MetricRow[] {
  if (!reconciliation) return [];
  const group = `Writes (reconciled, ${reconciliation.stores === 'aws' ? "the stack's stores in the run's window" : "the run's own stores"})`;
  const count = (value: (writes: ContenderWrites) => number) => perRoute((route) => (reconciliation.contenders[route] ? value(reconciliation.contenders[route]) : null));
  return [
    row({ id: 'writes.created', group, label: 'answers of 201', unit: 'count', better: null, note: 'set by the load and the answers', values: count((w) => w.created) }),
    row({ id: 'writes.paired', group, label: 'object and item pairs', unit: 'count', better: null, note: 'one per complete write', values: count((w) => w.paired) }),
    row({ id: 'writes.lost', group, label: 'lost writes (201, no pair)', unit: 'count', better: 'lower', values: count((w) => Math.max(0, w.created - w.paired)) }),
    row({ id: 'writes.orphans', group, label: 'orphan objects', unit: 'count', better: 'lower', values: count((w) => w.orphanObjects.count) }),
    row({ id: 'writes.dangling', group, label: 'dangling items', unit: 'count', better: 'lower', values: count((w) => w.danglingItems.count) }),
  ];
}

function initDurations(reports: Record<Route, InvocationReport[]>): Record<Route, number[]> {
  return Object.fromEntries(routes.map((route) => [route, reports[route].flatMap((report) => report.initDurationMs ?? [])])) as Record<Route, number[]>;
}

/**
 * Cost per million requests as measured: the invoke phase billed per invocation (REPORT's Billed
 * Duration less the INIT it includes on cold starts), the measured cold-start share and INIT.
 */
function costsOf(reports: Record<Route, InvocationReport[]>, pricing: Pricing): Record<Route, CostBreakdown> | null {
  if (routes.some((route) => reports[route].length === 0)) return null;
  const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);
  return Object.fromEntries(
    routes.map((route) => {
      const records = reports[route];
      const inits = records.flatMap((report) => report.initDurationMs ?? []);
      const declaration = functions[route];
      const profile: CostProfile = {
        architecture: declaration.architecture,
        memoryMb: declaration.memoryMb,
        meanBilledDurationMs: mean(records.map((report) => Math.ceil(report.durationMs))),
        coldStartShare: inits.length / records.length,
        meanInitDurationMs: mean(inits),
        usesStorage: declaration.usesStorage,
        throughApi: true,
      };
      return [route, costPerMillionRequests(profile, pricing)];
    }),
  ) as Record<Route, CostBreakdown>;
}

function charts(summary: RunSummary, reports: Record<Route, InvocationReport[]>, raw: RawView | null, costs: Record<Route, CostBreakdown> | null): Charts {
  const byRoute = <T>(value: (route: Route) => T) => Object.fromEntries(routes.map((route) => [route, value(route)])) as Record<Route, T>;
  const inits = initDurations(reports);
  const series = (pick: (window: { requests: number; p95: number | null }) => number | null): Record<Route, TimePoint[]> | null =>
    raw ? byRoute((route) => raw.windows[route].flatMap((window) => (pick(window) === null ? [] : [{ t: window.start, value: pick(window)! }]))) : null;
  return {
    latencyPercentiles: byRoute((route) => percentileChart(summary.routes[route].latencyMs)),
    latencyDistribution: raw?.distribution ?? null,
    p95OverTime: series((window) => window.p95),
    rpsOverTime: raw ? series((window) => window.requests / raw.windowSeconds) : null,
    coldStarts: byRoute((route) => ({ initMs: inits[route], clientMs: raw ? Array.from(raw.coldSamples[route]) : [] })),
    memoryMb: byRoute((route) => reports[route].map((report) => report.maxMemoryUsedMb)),
    cost: costs ?? byRoute(() => emptyCost()),
  };
}

function percentileChart(trend: Trend | null): Record<string, number | null> {
  return Object.fromEntries(percentileKeys.map(({ key, label }) => [label, trend?.[key] ?? null]));
}

function emptyCost(): CostBreakdown {
  return { apiGateway: 0, lambdaRequests: 0, lambdaCompute: 0, lambdaInit: 0, s3Puts: 0, dynamodbWrites: 0, logs: 0, total: 0 };
}
