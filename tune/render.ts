import type { Tuning, TuningPoint } from '../formats/tuning.ts';
import { formatValue } from '../compare/format.ts';

const columns: Array<{ header: string; cell: (point: TuningPoint) => string }> = [
  { header: 'memory', cell: (point) => `${point.memoryMb} MB` },
  { header: 'p50', cell: (point) => formatValue(point.latencyP50Ms, 'ms') },
  { header: 'p95', cell: (point) => formatValue(point.latencyP95Ms, 'ms') },
  { header: 'Duration p50', cell: (point) => formatValue(point.durationP50Ms, 'ms') },
  { header: 'Init p50', cell: (point) => formatValue(point.initP50Ms, 'ms') },
  { header: 'cold p50', cell: (point) => formatValue(point.coldClientP50Ms, 'ms') },
  { header: 'Max Memory Used', cell: (point) => formatValue(point.maxMemoryUsedMb, 'MB') },
  { header: '$ per 1M', cell: (point) => formatValue(point.costPerMillion, '$') },
];

function pointsOf(tuning: Tuning, contender: string): TuningPoint[] {
  return tuning.points.filter((point) => point.contender === contender);
}

function recommendationLine(tuning: Tuning, contender: string): string {
  const chosen = tuning.recommendations[contender as keyof Tuning['recommendations']];
  const size = (mb: number | null | undefined) => (mb === null || mb === undefined ? '–' : `${mb} MB`);
  return `cost ${size(chosen?.cost)}, speed ${size(chosen?.speed)}, balanced (weight ${tuning.weight}) ${size(chosen?.balanced)}`;
}

function title(tuning: Tuning): string {
  return `lambda-duel tune: ${tuning.contenders.join(', ')} at ${tuning.sizes.join(', ')} MB on ${tuning.target} (CPU: ${tuning.cpuModel})`;
}

/** A table per contender, a row per size, then the sizes each strategy recommends. */
export function renderTuningTerminal(tuning: Tuning): string {
  const lines = [title(tuning)];
  for (const contender of tuning.contenders) {
    const table = [columns.map((column) => column.header), ...pointsOf(tuning, contender).map((point) => columns.map((column) => column.cell(point)))];
    const widths = columns.map((_, index) => Math.max(...table.map((row) => row[index]!.length)));
    lines.push('', contender, ...table.map((row) => `  ${row.map((cell, index) => cell.padStart(widths[index]!)).join('  ')}`), `  recommended: ${recommendationLine(tuning, contender)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderTuningMarkdown(tuning: Tuning): string {
  const lines = [`# ${title(tuning)}`];
  for (const contender of tuning.contenders) {
    lines.push('', `## ${contender}`, '', `| ${columns.map((column) => column.header).join(' | ')} |`, `|${columns.map(() => '---:').join('|')}|`);
    for (const point of pointsOf(tuning, contender)) lines.push(`| ${columns.map((column) => column.cell(point)).join(' | ')} |`);
    lines.push('', `Recommended: ${recommendationLine(tuning, contender)}.`);
  }
  return `${lines.join('\n')}\n`;
}
