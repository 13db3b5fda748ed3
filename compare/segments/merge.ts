/**
 * One run's summary from its segments': counts added, latency statistics from the merged raw
 * samples (never an average of the instances' percentiles), thresholds judged again on the whole.
 */
import type { ContenderName } from '../../functions.config.ts';
import { summarySchemaId, type RouteSummary, type RunSummary, type Trend } from '../../formats/summary.ts';
import { badInput, CommandError } from '../../toolchain/command.ts';
import type { Histogram } from '../raw/histogram.ts';
import { readRawRun, type RawRoute } from '../raw/read-raw.ts';
import { mergedThreshold } from './thresholds.ts';
import type { SegmentResult } from './segment-folders.ts';

/** The merged summary of checked segments (segment-folders.ts), read from their raw outputs in one pass. */
export async function mergeSegments(segments: readonly SegmentResult[]): Promise<RunSummary> {
  const runs = segments.map((segment) => segment.summary.run);
  const startedAt = runs.map((run) => run.startedAt).sort()[0]!;
  const { contenders } = runs[0]!;
  const raw = await readRawRun(
    segments.map((segment) => segment.rawFile),
    { contenders, originMs: Date.parse(startedAt) },
  );
  const durationSeconds = Math.max(...runs.map((run) => run.durationSeconds));
  const dropped = runs.filter((run) => run.droppedIterations !== undefined);
  const summary: RunSummary = {
    schema: summarySchemaId,
    run: {
      ...withoutSegment(runs[0]!),
      k6Version: distinct(runs.map((run) => run.k6Version)),
      machine: distinct(runs.map((run) => run.machine)),
      startedAt,
      endedAt: runs.map((run) => run.endedAt).sort().at(-1)!,
      durationSeconds,
      ...(dropped.length > 0 ? { droppedIterations: sum(dropped.map((run) => run.droppedIterations!)) } : {}),
      segments: segments.length,
    },
    routes: Object.fromEntries(contenders.map((route) => [route, mergedRoute(route, segments, raw.routes[route]!, durationSeconds)])),
  };
  return summary;
}

function withoutSegment(run: RunSummary['run']): RunSummary['run'] {
  const { segment: _segment, ...rest } = run;
  return rest;
}

function mergedRoute(route: ContenderName, segments: readonly SegmentResult[], raw: RawRoute, durationSeconds: number): RouteSummary {
  const parts = segments.map((segment) => segment.summary.routes[route]!);
  const requests = sum(parts.map((part) => part.requests));
  // The raw output is the source of the latencies: a file cut short would skew them unseen.
  if (raw.requests !== requests) throw new CommandError(`route ${route}: the segments' raw outputs hold ${raw.requests} requests, their summaries ${requests}: a raw output is incomplete`, badInput);
  const failures = sum(parts.map((part) => part.failures.total));
  const checks = { passes: sum(parts.map((part) => part.checks.passes)), fails: sum(parts.map((part) => part.checks.fails)) };
  const coldStarts = sum(parts.map((part) => part.cold.count));
  const metrics = { requests, failures, checks, coldStarts, trends: { http_req_duration: raw.latency, latency_cold: raw.cold, latency_warm: raw.warm } };
  const dropped = parts.filter((part) => part.droppedIterations !== undefined);
  return {
    requests,
    ratePerSecond: durationSeconds > 0 ? requests / durationSeconds : 0,
    failures: { total: failures, rate: requests === 0 ? 0 : failures / requests, byStatus: addedCounts(parts.map((part) => part.failures.byStatus)) },
    latencyMs: trend(raw.latency),
    cold: { count: coldStarts, latencyMs: trend(raw.cold) },
    warm: { latencyMs: trend(raw.warm) },
    checks,
    thresholds: parts[0]!.thresholds.map((entry) => ({
      metric: entry.metric,
      threshold: entry.threshold,
      ok: mergedThreshold(entry, metrics, parts.every((part) => part.thresholds.some((other) => other.metric === entry.metric && other.threshold === entry.threshold && other.ok))),
    })),
    ...(dropped.length > 0 ? { droppedIterations: sum(dropped.map((part) => part.droppedIterations!)) } : {}),
  };
}

/** k6's trend statistics, from the merged histogram: min, max and avg exact, percentiles within its 3 significant digits. */
function trend(histogram: Histogram): Trend | null {
  if (histogram.count === 0) return null;
  const p = (value: number) => histogram.k6Percentile(value);
  return { avg: histogram.mean, min: histogram.min, med: p(50), 'p(90)': p(90), 'p(95)': p(95), 'p(99)': p(99), 'p(99.9)': p(99.9), max: histogram.max };
}

function addedCounts(counts: ReadonlyArray<Record<string, number>>): Record<string, number> {
  const total: Record<string, number> = {};
  for (const count of counts) for (const [key, value] of Object.entries(count)) total[key] = (total[key] ?? 0) + value;
  return total;
}

/** One value when every instance agrees, else each once. */
function distinct(values: readonly string[]): string {
  return [...new Set(values)].join('; ');
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
