/**
 * handleSummary: the run as a `lambda-duel/summary@2` document (see formats/summary.schema.json) and a
 * side-by-side text table on stdout in place of k6's own end-of-test summary.
 */
import exec from 'k6/execution';
import type { ContenderName } from '../../functions.config.ts';
import { surfacingThresholds, type ScenarioName } from '../../k6.config.ts';
import { summarySchemaId, type RouteSummary, type RunSummary, type Trend, type TrendKey } from '../../formats/summary.ts';
import { renderSummaryText } from '../../formats/summary-text.ts';
import { segmentOf } from '../../formats/segments.ts';
import type { SetupData } from './test.ts';
import { settings } from './settings.ts';

type Values = Record<string, number>;
interface Metric {
  values: Values;
  thresholds?: Record<string, { ok: boolean }>;
}
interface SummaryData {
  metrics: Record<string, Metric>;
  setup_data?: SetupData;
  state: { testRunDurationMs: number };
}

const abortedBeforeLoad = 'aborted in setup, before any load (the k6 log above says why)';

const trendKeys: readonly TrendKey[] = ['avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)', 'max'];

export function summaryHandler(scenario: ScenarioName) {
  return (data: SummaryData): Record<string, string> => {
    const summary = buildSummary(scenario, data);
    const file = `${settings.resultsDir}/${scenario}.summary.json`;
    return { [file]: `${JSON.stringify(summary, null, 2)}\n`, stdout: renderSummaryText(summary, file) };
  };
}

function buildSummary(scenario: ScenarioName, data: SummaryData): RunSummary {
  const endedAt = Date.now();
  const startedAt = data.setup_data?.startedAt ?? endedAt - data.state.testRunDurationMs;
  return {
    schema: summarySchemaId,
    run: {
      id: settings.runId,
      scenario,
      target: settings.target,
      mode: settings.mode,
      contenders: [...settings.contenders],
      baseUrl: settings.baseUrl,
      rate: settings.rate,
      k6Version: settings.k6Version,
      machine: settings.machine,
      startedAt: new Date(startedAt).toISOString(),
      endedAt: new Date(endedAt).toISOString(),
      durationSeconds: data.state.testRunDurationMs / 1000,
      // Absent where no executor can drop one (k6.config.ts droppedIterationThresholds).
      ...(data.metrics.dropped_iterations ? { droppedIterations: data.metrics.dropped_iterations.values.count } : {}),
      // Every test's setup returns its data; without it, setup aborted the test and no load ran.
      ...(data.setup_data === undefined ? { aborted: abortedBeforeLoad } : {}),
      ...segment(),
    },
    routes: Object.fromEntries(settings.contenders.map((route) => [route, routeSummary(route, data.metrics)])),
  };
}

function routeSummary(route: ContenderName, metrics: Record<string, Metric>): RouteSummary {
  const metric = (name: string) => metrics[`${name}{route:${route}}`];
  const failed = metric('http_req_failed')?.values;
  const checks = metric('checks')?.values;
  const byStatus = Object.fromEntries(
    Object.entries(metrics)
      .map(([name, value]) => [new RegExp(`^http_reqs\\{route:${route},status:(\\d+)\\}$`).exec(name)?.[1], value.values.count ?? 0] as const)
      .filter(([status, count]) => status !== undefined && count > 0),
  );
  return {
    requests: metric('http_reqs')?.values.count ?? 0,
    ratePerSecond: metric('http_reqs')?.values.rate ?? 0,
    failures: { total: failed?.passes ?? 0, rate: failed?.rate ?? 0, byStatus },
    latencyMs: trend(metric('http_req_duration')),
    cold: { count: metric('cold_starts')?.values.count ?? 0, latencyMs: trend(metric('latency_cold')) },
    warm: { latencyMs: trend(metric('latency_warm')) },
    checks: { passes: checks?.passes ?? 0, fails: checks?.fails ?? 0 },
    thresholds: Object.entries(metrics)
      .filter(([name]) => name.includes(`{route:${route}}`))
      .flatMap(([name, value]) => Object.entries(value.thresholds ?? {}).map(([threshold, result]) => ({ metric: name, threshold, ok: result.ok })))
      .filter(({ threshold }) => !surfacingThresholds.includes(threshold)),
    ...droppedIterations(metrics[`dropped_iterations{scenario:${route}}`]),
  };
}

/** Which segment of the test this instance ran, when it ran one: the merge needs every one of them. */
function segment(): Pick<RunSummary['run'], 'segment'> {
  const options = exec.test.options as { executionSegment?: string | null; executionSegmentSequence?: string | null };
  const ran = segmentOf(options.executionSegment, options.executionSegmentSequence);
  return ran ? { segment: ran } : {};
}

/** A route's dropped iterations when k6 counted them for a scenario of its own (k6.config.ts `droppedIterationThresholds`). */
function droppedIterations(metric: Metric | undefined): Pick<RouteSummary, 'droppedIterations'> {
  return metric ? { droppedIterations: metric.values.count ?? 0 } : {};
}

/** The trend's statistics, or null when it has no samples (no cold start in a warm run, say). */
function trend(metric: Metric | undefined): Trend | null {
  if (!metric || !metric.values.count) return null;
  return Object.fromEntries(trendKeys.map((key) => [key, metric.values[key] ?? Number.NaN])) as Trend;
}
