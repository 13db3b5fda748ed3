import type { ContenderName } from '../functions.config.ts';
import type { RouteSummary, RunSummary, TrendKey } from '../formats/summary.ts';
import { CommandError } from '../toolchain/command.ts';
import { formatValue } from './format.ts';
import { badInput } from '../toolchain/command.ts';

/** One metric of one route, this run against the baseline; change is this / baseline. */
export interface BaselineRow {
  route: ContenderName;
  metric: string;
  unit: 'ms' | 'req/s' | '%';
  baseline: number | null;
  current: number | null;
  change: number | null;
}

const latency: Array<[TrendKey, string]> = [
  ['med', 'p50'],
  ['p(95)', 'p95'],
  ['p(99)', 'p99'],
];

/**
 * This run against an earlier one of the same test, per route of `contenders` (this run's, unless
 * fewer are asked for) that both runs measured: for regression checks.
 */
export function compareToBaseline(current: RunSummary, baseline: RunSummary, contenders: readonly ContenderName[] = current.run.contenders): BaselineRow[] {
  if (current.run.scenario !== baseline.run.scenario) {
    throw new CommandError(`two runs of different tests: ${current.run.scenario} (${current.run.id}) and ${baseline.run.scenario} (${baseline.run.id})`, badInput);
  }
  return contenders.flatMap((route) => {
    const [now, before] = [current.routes[route], baseline.routes[route]];
    if (!now || !before) return [];
    const entry = (metric: string, unit: BaselineRow['unit'], pick: (summary: RouteSummary) => number | null | undefined): BaselineRow => {
      const [a, b] = [pick(before) ?? null, pick(now) ?? null];
      return { route, metric, unit, baseline: a, current: b, change: a && b !== null ? b / a : null };
    };
    return [
      ...latency.map(([key, label]) => entry(`latency ${label}`, 'ms', (summary) => summary.latencyMs?.[key])),
      entry('requests/s', 'req/s', (summary) => summary.ratePerSecond),
      entry('error rate', '%', (summary) => summary.failures.rate * 100),
    ];
  });
}

/** The routes whose p95 grew by more than `bound` (0.1 for "10%"). */
export function slowerThan(rows: BaselineRow[], bound: number): BaselineRow[] {
  return rows.filter((row) => row.metric === 'latency p95' && row.change !== null && row.change > 1 + bound);
}

/** "10%" or "0.1" → 0.1. */
export function parseBound(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(%?)$/.exec(text.trim());
  if (!match) throw new CommandError(`invalid --fail-if-slower: expected a percentage like 10%, got '${text}'`, badInput);
  return Number(match[1]) / (match[2] ? 100 : 1);
}

export function renderBaseline(rows: BaselineRow[], currentId: string, baselineId: string): string {
  const lines = [`lambda-duel: ${currentId} against baseline ${baselineId}`, ''];
  const table = rows.map((row) => [
    `${row.route} ${row.metric}`,
    formatValue(row.baseline, row.unit),
    formatValue(row.current, row.unit),
    row.change === null ? '–' : `${row.change >= 1 ? '+' : ''}${((row.change - 1) * 100).toFixed(1)} %`,
  ]);
  const all = [['', 'baseline', 'this run', 'change'], ...table];
  const widths = all[0]!.map((_, column) => Math.max(...all.map((cells) => cells[column]!.length)));
  for (const cells of all) lines.push(cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
  return `${lines.join('\n')}\n`;
}
