/**
 * The comparison of a thumbnails run: each contender's pipeline from upload to metadata item, its
 * function's REPORT lines, what every upload became, and the cost per million images. The same
 * `Comparison` as the API tests', so every renderer draws it.
 */
import { thumbnailers, type ContenderName, type PerContender } from '../functions.config.ts';
import { comparisonSchemaId, type Comparison, type CostBreakdown, type MetricRow, type RuntimeNote } from '../formats/comparison.ts';
import type { InvocationReport } from '../formats/report-record.ts';
import type { RunSummary } from '../formats/summary.ts';
import type { ContenderPipeline, ThumbnailPipeline } from '../formats/thumbnail-pipeline.ts';
import { percentileOf } from './bootstrap.ts';
import { bannerFor, emptyCost, fromReportLines, functionRows, initDurations, localCpu, localRuntimes, packageRows, percentileChart, row, type PackageSizes, type Sides } from './compare-run.ts';
import type { ComparedContenders } from './contenders.ts';
import type { Pricing } from './pricing.ts';
import { ascending, percentile, trendOf } from './statistics.ts';
import { costPerMillionImages } from './thumbnail-cost.ts';

export interface ThumbnailRunInputs {
  /** k6's: the uploads, per contender. */
  summary: RunSummary;
  compared: ComparedContenders;
  pipeline: ThumbnailPipeline;
  /** REPORT records by function name: the thumbnailers'. */
  reports: Map<string, InvocationReport[]>;
  /** The thumbnailers' packages, by contender. */
  packageSizes: PerContender<PackageSizes> | null;
  runtimes: PerContender<RuntimeNote>;
  pricing: Pricing;
  pricingSource: string;
}

const pipelineGroup = 'Pipeline (S3 upload to metadata item)';
const outcomesGroup = 'Uploads (reconciled: each in one outcome)';

export function compareThumbnailRun(inputs: ThumbnailRunInputs): Comparison {
  const { contenders, reference } = inputs.compared;
  const sides: Sides = {
    contenders,
    reference,
    each: <T>(value: (contender: ContenderName) => T) => Object.fromEntries(contenders.map((name) => [name, value(name)])) as Record<ContenderName, T>,
  };
  const reports = sides.each((name) => inputs.reports.get(thumbnailers[name].name) ?? []);
  const pipelines = sides.each((name) => inputs.pipeline.contenders[name] ?? null);
  const costs = costsOf(sides, reports, pipelines, inputs.pricing);
  const { run } = inputs.summary;
  const cpu = localCpu(sides, run, reports);
  const runtimes = run.target === 'local' ? localRuntimes(sides, inputs.runtimes) : {};
  const endToEnd = sides.each((name) => pipelines[name]?.endToEndMs ?? []);
  return {
    schema: comparisonSchemaId,
    run: { id: run.id, scenario: run.scenario, target: run.target, mode: run.mode, startedAt: run.startedAt, durationSeconds: run.durationSeconds, machine: run.machine },
    contenders: [...contenders],
    reference,
    banner: bannerFor(run, contenders.length, runtimes, cpu),
    sources: { raw: false, reports: inputs.reports.size > 0, artifacts: inputs.packageSizes !== null, pricing: inputs.pricingSource },
    rows: [
      ...pipelineRows(sides, pipelines, endToEnd),
      ...outcomeRows(sides, pipelines, reports),
      ...coldRows(sides, reports),
      ...functionRows(sides, reports),
      ...packageRows(sides, inputs.packageSizes),
      ...costRows(sides, costs),
    ],
    claims: null,
    runtimes,
    cpu,
    charts: {
      latencyPercentiles: sides.each((name) => percentileChart(trendOf(endToEnd[name]))),
      latencyDistribution: null,
      p95OverTime: null,
      rpsOverTime: null,
      coldStarts: sides.each((name) => ({ initMs: initDurations(sides, reports)[name], clientMs: [] })),
      memoryMb: sides.each((name) => reports[name].map((report) => report.maxMemoryUsedMb)),
      cost: costs ?? sides.each(() => emptyCost()),
    },
  };
}

function pipelineRows(sides: Sides, pipelines: Record<ContenderName, ContenderPipeline | null>, endToEnd: Record<ContenderName, number[]>): MetricRow[] {
  const count = (name: ContenderName) => endToEnd[name].length.toLocaleString('en-US');
  const latency = (p: number) =>
    row(sides, {
      id: `pipeline.e2e.p${p}`,
      group: pipelineGroup,
      label: `end to end p${p}`,
      unit: 'ms',
      better: 'lower',
      values: sides.each((name) => (endToEnd[name].length > 0 ? percentile(ascending(endToEnd[name]), p) : null)),
      samples: { values: endToEnd, statistic: percentileOf(p), method: ({ contender, reference }) => `bootstrap over ${count(contender)} + ${count(reference)} uploads` },
    });
  return [
    latency(50),
    latency(95),
    latency(99),
    row(sides, { id: 'pipeline.rate', group: pipelineGroup, label: 'thumbnails/s', unit: 'req/s', better: null, note: 'set by the upload rate while the pipeline keeps up', values: sides.each((name) => thumbnailsPerSecond(pipelines[name])) }),
  ];
}

/** Done uploads over the time from the first upload to the last item. */
function thumbnailsPerSecond(pipeline: ContenderPipeline | null): number | null {
  if (!pipeline?.window) return null;
  const seconds = (Date.parse(pipeline.window.to) - Date.parse(pipeline.window.from)) / 1000;
  return seconds > 0 ? pipeline.done / seconds : null;
}

function outcomeRows(sides: Sides, pipelines: Record<ContenderName, ContenderPipeline | null>, reports: Record<ContenderName, InvocationReport[]>): MetricRow[] {
  const count = (id: string, label: string, pick: (pipeline: ContenderPipeline) => number, better: 'lower' | null, note?: string) =>
    row(sides, { id: `uploads.${id}`, group: outcomesGroup, label, unit: 'count', better, ...(note ? { note } : {}), values: sides.each((name) => (pipelines[name] ? pick(pipelines[name]!) : null)) });
  return [
    count('stored', 'uploads stored', (p) => p.uploads, null, 'set by the load'),
    count('done', 'thumbnail and item', (p) => p.done, null, 'one per photo that decodes'),
    count('failed', 'failure recorded (item)', (p) => p.failed.count, 'lower'),
    count('gave-up', 'given up (on-failure record)', (p) => p.gaveUp.count, 'lower'),
    count('unfinished', 'still queued at the end', (p) => p.unfinished.count, 'lower'),
    count('lost', 'lost (no item, no record)', (p) => p.lost.count, 'lower'),
    count('inconsistent', 'item and thumbnail disagree', (p) => p.inconsistent.count, 'lower'),
    count('stray', 'thumbnails of no upload', (p) => p.strayThumbnails.count, 'lower'),
    row(sides, { id: 'uploads.retries', group: outcomesGroup, label: 'retries (invocations past the first)', unit: 'count', better: 'lower', values: sides.each((name) => retries(reports[name])) }),
  ];
}

/** An asynchronous retry keeps its event's request id, so every REPORT past the first of an id is one. */
function retries(reports: readonly InvocationReport[]): number {
  return reports.length - new Set(reports.map((report) => report.requestId)).size;
}

function coldRows(sides: Sides, reports: Record<ContenderName, InvocationReport[]>): MetricRow[] {
  const inits = initDurations(sides, reports);
  return [
    row(sides, { id: 'cold.count', group: 'Cold starts', label: 'cold starts', unit: 'count', better: 'lower', values: sides.each((name) => inits[name].length) }),
    row(sides, {
      id: 'cold.init.p50',
      group: 'Cold starts',
      label: 'Init Duration p50 (REPORT)',
      unit: 'ms',
      better: 'lower',
      values: sides.each((name) => (inits[name].length > 0 ? percentile(ascending(inits[name]), 50) : null)),
      samples: { values: inits, statistic: percentileOf(50), method: fromReportLines },
    }),
  ];
}

function costRows(sides: Sides, costs: Record<ContenderName, CostBreakdown> | null): MetricRow[] {
  const lambda = (cost: CostBreakdown) => cost.lambdaRequests + cost.lambdaCompute + cost.lambdaInit;
  const group = 'Cost per million images';
  return [
    row(sides, { id: 'cost.total', group, label: 'whole pipeline (S3, Lambda, DynamoDB, logs)', unit: '$', better: 'lower', values: sides.each((name) => costs?.[name].total ?? null) }),
    row(sides, { id: 'cost.lambda', group, label: 'Lambda (requests, compute, INIT)', unit: '$', better: 'lower', values: sides.each((name) => (costs ? lambda(costs[name]) : null)) }),
  ];
}

/** Each contender's pipeline as measured, per upload; none when a contender has no REPORT lines or uploads. */
function costsOf(
  sides: Sides,
  reports: Record<ContenderName, InvocationReport[]>,
  pipelines: Record<ContenderName, ContenderPipeline | null>,
  pricing: Pricing,
): Record<ContenderName, CostBreakdown> | null {
  if (sides.contenders.some((name) => reports[name].length === 0 || !pipelines[name]?.uploads)) return null;
  const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);
  return sides.each((name) => {
    const records = reports[name];
    const pipeline = pipelines[name]!;
    const inits = records.flatMap((report) => report.initDurationMs ?? []);
    const fn = thumbnailers[name];
    return costPerMillionImages(
      {
        architecture: fn.architecture,
        memoryMb: records[0]?.memorySizeMb ?? fn.memoryMb,
        attemptsPerUpload: records.length / pipeline.uploads,
        meanBilledDurationMs: mean(records.map((report) => Math.ceil(report.durationMs))),
        coldStartsPerUpload: inits.length / pipeline.uploads,
        meanInitDurationMs: mean(inits),
        thumbnailsPerUpload: pipeline.done / pipeline.uploads,
        itemWritesPerUpload: (pipeline.done + pipeline.failed.count) / pipeline.uploads,
      },
      pricing,
    );
  });
}
