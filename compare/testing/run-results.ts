/** Test-only: summaries and REPORT records shaped like a real run's, with chosen numbers. */
import type { InvocationReport } from '../../formats/report-record.ts';
import type { RouteSummary, RunSummary, Trend } from '../../formats/summary.ts';

export function trend(med: number): Trend {
  return { avg: med * 1.1, min: med / 2, med, 'p(90)': med * 1.5, 'p(95)': med * 2, 'p(99)': med * 3, 'p(99.9)': med * 4, max: med * 5 };
}

export function routeSummary(med: number, overrides: Partial<RouteSummary> = {}): RouteSummary {
  return {
    requests: 1000,
    ratePerSecond: 10,
    failures: { total: 0, rate: 0, byStatus: {} },
    latencyMs: trend(med),
    cold: { count: 2, latencyMs: trend(med * 20) },
    warm: { latencyMs: trend(med) },
    checks: { passes: 2000, fails: 0 },
    thresholds: [{ metric: 'latency_warm{route:node}', threshold: 'p(95)<500', ok: true }],
    ...overrides,
  };
}

export function runSummary(nodeMed: number, rustMed: number, run: Partial<RunSummary['run']> = {}): RunSummary {
  return {
    schema: 'lambda-duel/summary@2',
    run: {
      id: 'fixture-run',
      scenario: 'ramp',
      target: 'local',
      mode: 'interleaved',
      contenders: ['node', 'rust'],
      baseUrl: 'http://127.0.0.1:3210',
      rate: 20,
      k6Version: 'k6 v1.8.1',
      machine: '2 × test CPU',
      startedAt: '2026-11-23T10:00:00.000Z',
      endedAt: '2026-11-23T10:02:30.000Z',
      durationSeconds: 150,
      ...run,
    },
    routes: { node: routeSummary(nodeMed), rust: routeSummary(rustMed) },
  };
}

/** `count` invocations of a function, the first `cold` of them cold starts. */
export function reports(fn: string, count: number, durationMs: number, memoryMb: number, cold: number, initMs: number): InvocationReport[] {
  return Array.from({ length: count }, (_, index) => ({
    function: fn,
    requestId: `${fn}-${index}`,
    environmentId: `env-${index % 3}`,
    startedAt: 1_700_000_000_000 + index,
    durationMs: durationMs * (0.9 + ((index * 7) % 20) / 100),
    billedDurationMs: Math.ceil(durationMs + (index < cold ? initMs : 0)),
    memorySizeMb: 256,
    maxMemoryUsedMb: memoryMb,
    status: 'success' as const,
    ...(index < cold ? { initDurationMs: initMs } : {}),
  }));
}
