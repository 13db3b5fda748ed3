import type { InvocationReport } from '../../formats/report-record.ts';
import { contenderNames, functions } from '../../functions.config.ts';
import type { RouteSummary, RunSummary } from '../../formats/summary.ts';
import { summarySchemaId } from '../../formats/summary.ts';
import { trendOf } from '../../compare/statistics.ts';
import type { ColdStartRecord } from '../../formats/cold-starts.ts';

export interface ColdStartRun {
  id: string;
  startedAt: string;
  endedAt: string;
  machine: string;
  records: readonly ColdStartRecord[];
}

/**
 * Forced cold starts on AWS in the shape of a local run: a `lambda-duel/summary@2` document
 * (client-seen latency = the Invoke round trip) over the contenders measured, and the REPORT lines
 * as records, so `compare` reads both targets alike.
 */
export function coldStartSummary(run: ColdStartRun): { summary: RunSummary; reports: InvocationReport[] } {
  const seconds = (Date.parse(run.endedAt) - Date.parse(run.startedAt)) / 1000;
  const contenders = contenderNames.filter((name) => run.records.some((record) => record.function === name));
  const summary: RunSummary = {
    schema: summarySchemaId,
    run: {
      id: run.id,
      scenario: 'coldstart',
      target: 'aws',
      mode: 'sequential',
      contenders,
      baseUrl: 'https://lambda.amazonaws.com',
      rate: 1,
      k6Version: 'none (Lambda Invoke)',
      machine: run.machine,
      startedAt: run.startedAt,
      endedAt: run.endedAt,
      durationSeconds: seconds,
    },
    routes: Object.fromEntries(contenders.map((route) => [route, routeSummary(run.records.filter((record) => record.function === route), seconds)])),
  };
  const reports = run.records.map((record) => ({
    function: record.function,
    requestId: record.requestId,
    environmentId: record.requestId,
    startedAt: Date.parse(run.startedAt),
    durationMs: record.durationMs,
    billedDurationMs: record.billedDurationMs,
    memorySizeMb: functions[record.function].memoryMb,
    maxMemoryUsedMb: record.maxMemoryUsedMb,
    ...(record.initDurationMs === null ? {} : { initDurationMs: record.initDurationMs }),
    status: record.statusCode < 500 ? ('success' as const) : ('error' as const),
  }));
  return { summary, reports };
}

function routeSummary(records: readonly ColdStartRecord[], seconds: number): RouteSummary {
  const failed = records.filter((record) => record.statusCode >= 500 || record.statusCode === 0);
  const cold = records.filter((record) => record.initDurationMs !== null);
  const byStatus: Record<string, number> = {};
  for (const record of failed) byStatus[record.statusCode] = (byStatus[record.statusCode] ?? 0) + 1;
  return {
    requests: records.length,
    ratePerSecond: seconds > 0 ? records.length / seconds : 0,
    failures: { total: failed.length, rate: records.length ? failed.length / records.length : 0, byStatus },
    latencyMs: trendOf(records.map((record) => record.clientLatencyMs)),
    cold: { count: cold.length, latencyMs: trendOf(cold.map((record) => record.clientLatencyMs)) },
    warm: { latencyMs: trendOf(records.filter((record) => record.initDurationMs === null).map((record) => record.clientLatencyMs)) },
    checks: { passes: records.length - failed.length, fails: failed.length },
    thresholds: [],
  };
}
