/** A run summary as a text table: pure, so k6's handleSummary and the Node-side runner print the same one. */
import { routeOf, type RouteSummary, type RunSummary } from './summary.ts';

/** The side-by-side table of a run's summary, as k6 prints it at the end of a test and the runner prints a merged one. */
export function renderSummaryText(summary: RunSummary, file: string): string {
  const { run } = summary;
  const cell = (value: string) => value.padStart(14);
  const ms = (value: number | undefined) => (value === undefined || Number.isNaN(value) ? '-' : value.toFixed(2));
  const row = (label: string, value: (route: RouteSummary) => string) =>
    `${label.padEnd(22)}${run.contenders.map((route) => cell(value(routeOf(summary, route)))).join('')}`;
  const lines = [
    '',
    `lambda-duel ${run.scenario}: target ${run.target}, mode ${run.mode}, ${run.durationSeconds.toFixed(0)} s${run.droppedIterations === undefined ? '' : `, ${run.droppedIterations} iterations dropped`}${segmentNote(run)}`,
    ...(run.aborted ? [`test ${run.aborted}`] : []),
    `${''.padEnd(22)}${run.contenders.map(cell).join('')}`,
    row('requests', (r) => String(r.requests)),
    row('requests/s', (r) => r.ratePerSecond.toFixed(1)),
    row('dropped iterations', (r) => String(r.droppedIterations ?? '-')),
    row('failures', (r) => `${r.failures.total} (${(r.failures.rate * 100).toFixed(2)}%)`),
    ...(['med', 'p(95)', 'p(99)', 'max'] as const).map((key) => row(`latency ${key} ms`, (r) => ms(r.latencyMs?.[key]))),
    row('cold starts', (r) => String(r.cold.count)),
    row('cold latency med ms', (r) => ms(r.cold.latencyMs?.med)),
    row('checks failed', (r) => String(r.checks.fails)),
    row('thresholds', (r) => (run.aborted ? 'not run' : r.thresholds.every((t) => t.ok) ? 'ok' : `${r.thresholds.filter((t) => !t.ok).length} failed`)),
    `summary: ${file}`,
    '',
  ];
  return lines.join('\n');
}

/** Which part of the test a summary counts: one segment's share, or every segment's merged. */
function segmentNote(run: RunSummary['run']): string {
  if (run.segment) return `, segment ${run.segment.index} of ${run.segment.count} (${run.segment.executionSegment}) alone`;
  return run.segments ? `, merged from ${run.segments} segments` : '';
}
