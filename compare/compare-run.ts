import { functions, type ContenderName, type PerContender } from '../functions.config.ts';
import type { InvocationReport } from '../formats/report-record.ts';
import { routeOf, type RouteSummary, type RunSummary, type Trend, type TrendKey } from '../formats/summary.ts';
import { bootstrapRatio, percentileOf } from './bootstrap.ts';
import { costPerMillionRequests, type CostProfile } from './cost.ts';
import { comparisonSchemaId, type Better, type RuntimeNote, type Charts, type Comparison, type CostBreakdown, type Distribution, type Interval, type MetricRow, type RowRatio, type TimePoint } from '../formats/comparison.ts';
import type { Pricing } from './pricing.ts';
import type { ContenderWrites, Reconciliation } from '../formats/reconciliation.ts';
import { ascending, percentile } from './statistics.ts';
import { verdict, type Pair, type Words } from './verdict.ts';
import type { ComparedContenders } from './contenders.ts';
import { checkClaims } from './claims.ts';
import { seedClaims } from './seed-claims.ts';

/** What the raw k6 output adds, when the run kept it (RAW=1), per compared contender. */
export interface RawView {
  /** Client-seen latencies, ms: all of them or a uniform sample. */
  samples: PerContender<ArrayLike<number>>;
  coldSamples: PerContender<ArrayLike<number>>;
  /** Per window of time: its start (s from the run's start), request count and p95 (null when the route had none). */
  windows: PerContender<Array<{ start: number; requests: number; p95: number | null }>>;
  windowSeconds: number;
  distribution: PerContender<Distribution>;
}

export interface RunInputs {
  summary: RunSummary;
  /** The contenders compared (some or all of the run's) and the one the ratios are against. */
  compared: ComparedContenders;
  /** REPORT records by function name; empty when the run has none. */
  reports: Map<string, InvocationReport[]>;
  raw: RawView | null;
  /** Deployment package sizes, by function. */
  packageSizes: PerContender<PackageSizes> | null;
  /** What the stores held after the run, when the runner reconciled it. */
  reconciliation: Reconciliation | null;
  /** What the build recorded of the runtimes that differ locally from those deployed. */
  runtimes: PerContender<RuntimeNote>;
  pricing: Pricing;
  pricingSource: string;
}

type Values = PerContender<number | null>;

/** A deployment package's bytes: zipped (null for runs built before the build zipped) and unzipped. */
export interface PackageSizes {
  zip: number | null;
  unzipped: number;
}

/** The compared contenders, in order, and the reference: what every row is built over. */
export interface Sides extends ComparedContenders {
  /** A value per compared contender: the record holds those, and they are all that is read from it. */
  each<T>(value: (contender: ContenderName) => T): Record<ContenderName, T>;
}

type LocalCpu = Comparison['cpu'];

function localBanner(count: number, cpu: LocalCpu): string {
  const rank = `these numbers rank the ${count === 2 ? 'two ' : ''}implementations on this machine; they are not AWS latencies`;
  if (!heldToShares(cpu)) return `Local stand-in: ${rank} (Lambda gives CPU in proportion to memory, the stand-in gives each environment whole cores).`;
  return `Local stand-in with Lambda's CPU model: each environment held to its memory's share of a core while invoked (${shares(cpu)}), two cores during INIT; ${rank} (the cores are this machine's).`;
}

/** Whether every contender ran under the CPU model. */
function heldToShares(cpu: LocalCpu): boolean {
  const each = Object.values(cpu);
  return each.length > 0 && each.every((ran) => ran?.vcpus !== null);
}

function shares(cpu: LocalCpu): string {
  return Object.entries(cpu)
    .map(([name, ran]) => `${name} ${ran!.memoryMb} MB: ${ran!.vcpus!.toFixed(2)} vCPU`)
    .join(', ');
}

/** A local run's memory size and CPU share per contender, from its REPORT records. */
export function localCpu(sides: Sides, run: RunSummary['run'], reports: Record<ContenderName, InvocationReport[]>): LocalCpu {
  if (run.target !== 'local') return {};
  return sides.each((name) => {
    const records = reports[name];
    const held = records.length > 0 && records.every((record) => record.cpuVcpus !== undefined);
    return { memoryMb: records[0]?.memorySizeMb ?? functions[name].memoryMb, vcpus: held ? records[0]!.cpuVcpus! : null };
  });
}

/** The run's contenders side by side: every row with its ratios against the reference and their verdicts, and the charts' data. */
export function compareRun(inputs: RunInputs): Comparison {
  const { summary } = inputs;
  const { contenders, reference } = inputs.compared;
  const sides: Sides = {
    contenders,
    reference,
    each: <T>(value: (contender: ContenderName) => T) => Object.fromEntries(contenders.map((name) => [name, value(name)])) as Record<ContenderName, T>,
  };
  const reports = sides.each((name) => inputs.reports.get(name) ?? []);
  const costs = costsOf(sides, reports, inputs.pricing);
  const rowsAgainst = (reference: ContenderName) => metricRows({ ...sides, reference }, inputs, reports, costs);
  const rows = rowsAgainst(reference);
  const { winner, loser } = seedClaims;
  const runtimes = summary.run.target === 'local' ? localRuntimes(sides, inputs.runtimes) : {};
  const cpu = localCpu(sides, summary.run, reports);
  const claims =
    contenders.includes(winner) && contenders.includes(loser)
      ? checkClaims(seedClaims, winner === reference ? rows : rowsAgainst(winner), measuredOn(summary.run, functions[loser].memoryMb, heldToShares(cpu)))
      : null;
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
    contenders: [...contenders],
    reference,
    banner: bannerFor(summary.run, contenders.length, runtimes, cpu),
    sources: { raw: inputs.raw !== null, reports: inputs.reports.size > 0, artifacts: inputs.packageSizes !== null, pricing: inputs.pricingSource },
    rows,
    claims,
    runtimes,
    cpu,
    charts: charts(sides, summary, reports, inputs.raw, costs),
  };
}

function metricRows(sides: Sides, inputs: RunInputs, reports: Record<ContenderName, InvocationReport[]>, costs: Record<ContenderName, CostBreakdown> | null): MetricRow[] {
  return [
    ...latencyRows(sides, inputs.summary, inputs.raw),
    ...throughputRows(sides, inputs.summary),
    ...coldStartRows(sides, inputs.summary, reports, inputs.raw),
    ...functionRows(sides, reports),
    ...packageRows(sides, inputs.packageSizes),
    ...costRows(sides, costs),
    ...writeRows(sides, inputs.reconciliation),
  ];
}

export function bannerFor(run: RunSummary['run'], count: number, runtimes: PerContender<RuntimeNote>, cpu: LocalCpu): string | null {
  if (run.target === 'local') return [localBanner(count, cpu), ...Object.entries(runtimes).map(([name, note]) => runtimeLine(name, note))].join(' ');
  if (run.target === 'url') return `Target ${run.baseUrl}: a BASE_URL given without TARGET, so neither the stand-in this run started nor the deployed stack; where it runs, this run does not know.`;
  return null;
}

/** The write-up measured on AWS; a local verdict is this machine's, a step short of that. */
function measuredOn(run: RunSummary['run'], memoryMb: number, lambdaCpu: boolean): string {
  if (run.target === 'aws') return 'Measured on AWS, where the write-up measured.';
  if (run.target === 'local' && lambdaCpu) {
    return `Measured on the local stand-in with Lambda's CPU model (a ${memoryMb} MB function held to its share of a core), on this machine's cores: a verdict here is this machine's; TARGET=aws puts the claims to Lambda itself.`;
  }
  if (run.target === 'local') {
    return `Measured on the local stand-in, whose environments get whole cores where Lambda gives a ${memoryMb} MB function a share of one: a verdict here is this machine's; TARGET=aws puts the claims to Lambda itself.`;
  }
  return `Measured at ${run.baseUrl}, wherever that runs.`;
}

/** The compared contenders' notes only. */
export function localRuntimes(sides: Sides, runtimes: PerContender<RuntimeNote>): PerContender<RuntimeNote> {
  return Object.fromEntries(sides.contenders.flatMap((name) => (runtimes[name] ? [[name, runtimes[name]]] : [])));
}

const runtimeLine = (name: string, { deployed, local }: RuntimeNote) =>
  `${name} ran here on ${local}, and deploys to ${deployed}: another interpreter version, whose speed and byte-code differ.`;

interface RowSpec {
  id: string;
  group: string;
  label: string;
  unit: MetricRow['unit'];
  better: Better | null;
  values: Values;
  /** Samples per contender for a bootstrap interval, the statistic the row shows, and how a pair's interval was found. */
  samples?: { values: PerContender<ArrayLike<number>>; statistic: (sorted: Float64Array) => number; method: (pair: Pair) => string } | null;
  /** Why the row has no interval though it could have one; or, when `better` is null, why it has no winner. */
  note?: string;
  /** The verdict's words where the unit's would mislead: CPU time is milliseconds, but less of it is not "faster". */
  words?: Words;
}

/** A row: its values, and each contender but the reference held against the reference. */
export function row(sides: Sides, spec: RowSpec): MetricRow {
  const ratios = sides.contenders
    .filter((contender) => contender !== sides.reference)
    .map((contender): RowRatio => {
      const pair: Pair = { contender, reference: sides.reference };
      const ratio = ratioOf(spec.values[contender] ?? null, spec.values[pair.reference] ?? null);
      const { samples } = spec;
      const found = samples && ratio !== null ? bootstrapRatio(samples.values[contender] ?? [], samples.values[pair.reference] ?? [], samples.statistic) : null;
      const interval: Interval | null = found && samples ? { ...found, method: samples.method(pair) } : null;
      const words = spec.words ? { words: spec.words } : {};
      return { contender, ratio, interval, verdict: verdict({ ...pair, unit: spec.unit, better: spec.better, ratio, values: spec.values, ...words }, interval, spec.note ?? null) };
    });
  return { id: spec.id, group: spec.group, label: spec.label, unit: spec.unit, better: spec.better, values: spec.values, ratios };
}

/** contender / reference; two zeros are equal, and one zero has no ratio (the verdict still names the better side). */
function ratioOf(mine: number | null, theirs: number | null): number | null {
  if (mine === null || theirs === null) return null;
  if (mine === 0 && theirs === 0) return 1;
  return mine === 0 || theirs === 0 ? null : mine / theirs;
}

const percentileKeys: Array<{ key: TrendKey; label: string; p: number | null }> = [
  { key: 'med', label: 'p50', p: 50 },
  { key: 'p(90)', label: 'p90', p: 90 },
  { key: 'p(95)', label: 'p95', p: 95 },
  { key: 'p(99)', label: 'p99', p: 99 },
  { key: 'p(99.9)', label: 'p99.9', p: 99.9 },
  { key: 'max', label: 'max', p: null },
];

/** A value per contender, from its route in the summary; undefined counts as none. */
function perRoute(sides: Sides, summary: RunSummary, value: (route: RouteSummary) => number | null | undefined): Values {
  return sides.each((name) => value(routeOf(summary, name)) ?? null);
}

export const fromReportLines = () => 'bootstrap over the REPORT lines';

function latencyRows(sides: Sides, summary: RunSummary, raw: RawView | null): MetricRow[] {
  const count = (name: ContenderName) => (raw?.samples[name]?.length ?? 0).toLocaleString('en-US');
  const method = ({ contender, reference }: Pair) => `bootstrap over ${count(contender)} + ${count(reference)} raw samples`;
  return percentileKeys.map(({ key, label, p }) =>
    row(sides, {
      id: `latency.${label}`,
      group: 'Latency (client-seen)',
      label: `latency ${label}`,
      unit: 'ms',
      better: 'lower',
      values: perRoute(sides, summary, (route) => route.latencyMs?.[key]),
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

function throughputRows(sides: Sides, summary: RunSummary): MetricRow[] {
  const statuses = [...new Set(sides.contenders.flatMap((name) => Object.keys(routeOf(summary, name).failures.byStatus)))].sort();
  const setBy = summary.run.scenario === 'coldstart' ? fixedColdStarts : offeredLoad;
  const values = (value: (route: RouteSummary) => number | null | undefined) => perRoute(sides, summary, value);
  return [
    row(sides, { id: 'throughput.rps', group: 'Throughput', label: 'requests/s', unit: 'req/s', better: null, note: setBy, values: values((route) => route.ratePerSecond) }),
    row(sides, { id: 'throughput.requests', group: 'Throughput', label: 'requests', unit: 'count', better: null, note: setBy, values: values((route) => route.requests) }),
    ...droppedIterationRows(sides, summary),
    row(sides, { id: 'errors.rate', group: 'Throughput', label: 'error rate', unit: '%', better: 'lower', values: values((route) => route.failures.rate * 100) }),
    ...statuses.map((status) =>
      row(sides, {
        id: `errors.status.${status}`,
        group: 'Throughput',
        label: `failures with status ${status === '0' ? '0 (no answer)' : status}`,
        unit: 'count',
        better: 'lower',
        values: values((route) => route.failures.byStatus[status] ?? 0),
      }),
    ),
  ];
}

/**
 * Iterations k6 could not start because a route's answers kept every VU busy: where the offered
 * load outran a function. Ranked per route when each had a scenario of its own; an interleaved
 * run's one total is shown once, in the verdict, as no split of it would be measured.
 */
function droppedIterationRows(sides: Sides, summary: RunSummary): MetricRow[] {
  const spec = { id: 'throughput.dropped', group: 'Throughput', label: 'dropped iterations', unit: 'count' } as const;
  const values = perRoute(sides, summary, (route) => route.droppedIterations);
  if (sides.contenders.every((name) => values[name] !== null)) return [row(sides, { ...spec, better: 'lower', values })];
  const total = summary.run.droppedIterations;
  if (total === undefined) return [];
  const served = summary.run.contenders.length === 2 ? 'both' : 'every route';
  return [row(sides, { ...spec, better: null, values, note: `${total.toLocaleString('en-US')} in the run, not split by route (one scenario served ${served})` })];
}

function coldStartRows(sides: Sides, summary: RunSummary, reports: Record<ContenderName, InvocationReport[]>, raw: RawView | null): MetricRow[] {
  const inits = initDurations(sides, reports);
  const hasReports = sides.contenders.some((name) => reports[name].length > 0);
  const initRow = (p: number) =>
    row(sides, {
      id: `cold.init.p${p}`,
      group: 'Cold starts',
      label: `Init Duration p${p} (REPORT)`,
      unit: 'ms',
      better: 'lower',
      values: sides.each((name) => (hasReports && inits[name].length > 0 ? percentile(ascending(inits[name]), p) : null)),
      samples: { values: inits, statistic: percentileOf(p), method: fromReportLines },
    });
  const coldCount = (name: ContenderName) => (raw?.coldSamples[name]?.length ?? 0).toLocaleString('en-US');
  const clientRow = (key: TrendKey, label: string, p: number) =>
    row(sides, {
      id: `cold.client.${label}`,
      group: 'Cold starts',
      label: `client-seen cold latency ${label}`,
      unit: 'ms',
      better: 'lower',
      values: perRoute(sides, summary, (route) => route.cold.latencyMs?.[key]),
      samples: raw ? { values: raw.coldSamples, statistic: percentileOf(p), method: ({ contender, reference }) => `bootstrap over ${coldCount(contender)} + ${coldCount(reference)} raw cold samples` } : null,
    });
  return [
    row(sides, { id: 'cold.count', group: 'Cold starts', label: 'cold starts', unit: 'count', better: 'lower', values: perRoute(sides, summary, (route) => route.cold.count) }),
    initRow(50),
    initRow(99),
    clientRow('med', 'p50', 50),
    clientRow('p(99)', 'p99', 99),
  ];
}

export function functionRows(sides: Sides, reports: Record<ContenderName, InvocationReport[]>): MetricRow[] {
  const field = (id: string, label: string, unit: MetricRow['unit'], pick: (report: InvocationReport) => number, words?: Words) => {
    const samples = sides.each((name) => reports[name].map(pick));
    const stat = (p: number) => sides.each((name) => (samples[name].length > 0 ? percentile(ascending(samples[name]), p) : null));
    return [
      row(sides, { id: `${id}.p50`, group: 'Function (REPORT)', label: `${label} p50`, unit, better: 'lower', values: stat(50), samples: { values: samples, statistic: percentileOf(50), method: fromReportLines }, ...(words ? { words } : {}) }),
      row(sides, { id: `${id}.max`, group: 'Function (REPORT)', label: `${label} max`, unit, better: 'lower', values: stat(100), ...(words ? { words } : {}) }),
    ];
  };
  // CPU time only where every compared contender's records carry it: the stand-in's, not AWS's.
  const cpuMeasured = sides.contenders.every((name) => reports[name].length > 0 && reports[name].every((report) => report.cpuTimeMs !== undefined));
  return [
    ...field('duration', 'Duration', 'ms', (report) => report.durationMs),
    ...field('billed', 'Billed Duration', 'ms', (report) => report.billedDurationMs),
    ...(cpuMeasured ? field('cpu', 'CPU time', 'ms', (report) => report.cpuTimeMs!, { lower: 'less', higher: 'more' }) : []),
    ...field('memory', 'Max Memory Used', 'MB', (report) => report.maxMemoryUsedMb),
  ];
}

/** Lambda limits both: the zip to 50 MB, what it unpacks to 250 MB. */
export function packageRows(sides: Sides, sizes: PerContender<PackageSizes> | null): MetricRow[] {
  return [
    row(sides, { id: 'package.zip', group: 'Package', label: 'deployment zip', unit: 'bytes', better: 'lower', values: sides.each((name) => sizes?.[name]?.zip ?? null) }),
    row(sides, { id: 'package.unzipped', group: 'Package', label: 'unzipped', unit: 'bytes', better: 'lower', values: sides.each((name) => sizes?.[name]?.unzipped ?? null) }),
  ];
}

function costRows(sides: Sides, costs: Record<ContenderName, CostBreakdown> | null): MetricRow[] {
  const lambda = (cost: CostBreakdown) => cost.lambdaRequests + cost.lambdaCompute + cost.lambdaInit;
  return [
    row(sides, { id: 'cost.total', group: 'Cost per million requests', label: 'whole stack', unit: '$', better: 'lower', values: sides.each((name) => costs?.[name].total ?? null) }),
    row(sides, { id: 'cost.lambda', group: 'Cost per million requests', label: 'Lambda (requests, compute, INIT)', unit: '$', better: 'lower', values: sides.each((name) => (costs ? lambda(costs[name]) : null)) }),
  ];
}

/**
 * What each contender's writes left in the stores. A 201 without its object and item is a lost
 * write; an orphan object is a write whose item never came (kept on purpose when a store's answer
 * was unknown); a dangling item, one whose object is gone, is what the contract forbids.
 */
function writeRows(sides: Sides, reconciliation: Reconciliation | null): MetricRow[] {
  if (!reconciliation) return [];
  const group = `Writes (reconciled, ${reconciliation.stores === 'aws' ? "the stack's stores in the run's window" : "the run's own stores"})`;
  const count = (value: (writes: ContenderWrites) => number) =>
    sides.each((name) => {
      const writes = reconciliation.contenders[name];
      return writes ? value(writes) : null;
    });
  return [
    row(sides, { id: 'writes.created', group, label: 'answers of 201', unit: 'count', better: null, note: 'set by the load and the answers', values: count((w) => w.created) }),
    row(sides, { id: 'writes.paired', group, label: 'object and item pairs', unit: 'count', better: null, note: 'one per complete write', values: count((w) => w.paired) }),
    row(sides, { id: 'writes.lost', group, label: 'lost writes (201, no pair)', unit: 'count', better: 'lower', values: count((w) => Math.max(0, w.created - w.paired)) }),
    row(sides, { id: 'writes.orphans', group, label: 'orphan objects', unit: 'count', better: 'lower', values: count((w) => w.orphanObjects.count) }),
    row(sides, { id: 'writes.dangling', group, label: 'dangling items', unit: 'count', better: 'lower', values: count((w) => w.danglingItems.count) }),
  ];
}

export function initDurations(sides: Sides, reports: Record<ContenderName, InvocationReport[]>): Record<ContenderName, number[]> {
  return sides.each((name) => reports[name].flatMap((report) => report.initDurationMs ?? []));
}

/**
 * Cost per million requests as measured: the invoke phase billed per invocation (REPORT's Billed
 * Duration less the INIT it includes on cold starts), the measured cold-start share and INIT.
 */
function costsOf(sides: Sides, reports: Record<ContenderName, InvocationReport[]>, pricing: Pricing): Record<ContenderName, CostBreakdown> | null {
  if (sides.contenders.some((name) => reports[name].length === 0)) return null;
  const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);
  return sides.each((name) => {
    const records = reports[name];
    const inits = records.flatMap((report) => report.initDurationMs ?? []);
    const declaration = functions[name];
    const profile: CostProfile = {
      architecture: declaration.architecture,
      // The size the run measured, which `npm run tune` varies: the REPORT lines say it.
      memoryMb: records[0]?.memorySizeMb ?? declaration.memoryMb,
      meanBilledDurationMs: mean(records.map((report) => Math.ceil(report.durationMs))),
      coldStartShare: inits.length / records.length,
      meanInitDurationMs: mean(inits),
      usesStorage: declaration.usesStorage,
      throughApi: true,
    };
    return costPerMillionRequests(profile, pricing);
  });
}

function charts(sides: Sides, summary: RunSummary, reports: Record<ContenderName, InvocationReport[]>, raw: RawView | null, costs: Record<ContenderName, CostBreakdown> | null): Charts {
  const inits = initDurations(sides, reports);
  const series = (pick: (window: { requests: number; p95: number | null }) => number | null): PerContender<TimePoint[]> | null =>
    raw ? sides.each((name) => (raw.windows[name] ?? []).flatMap((window) => (pick(window) === null ? [] : [{ t: window.start, value: pick(window)! }]))) : null;
  return {
    latencyPercentiles: sides.each((name) => percentileChart(routeOf(summary, name).latencyMs)),
    latencyDistribution: raw?.distribution ?? null,
    p95OverTime: series((window) => window.p95),
    rpsOverTime: raw ? series((window) => window.requests / raw.windowSeconds) : null,
    coldStarts: sides.each((name) => ({ initMs: inits[name], clientMs: raw ? Array.from(raw.coldSamples[name] ?? []) : [] })),
    memoryMb: sides.each((name) => reports[name].map((report) => report.maxMemoryUsedMb)),
    cost: costs ?? sides.each(() => emptyCost()),
  };
}

export function percentileChart(trend: Trend | null): Record<string, number | null> {
  return Object.fromEntries(percentileKeys.map(({ key, label }) => [label, trend?.[key] ?? null]));
}

export function emptyCost(): CostBreakdown {
  return { apiGateway: 0, lambdaRequests: 0, lambdaCompute: 0, lambdaInit: 0, s3Puts: 0, s3Gets: 0, dynamodbWrites: 0, logs: 0, total: 0 };
}
