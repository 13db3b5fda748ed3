import type { ContenderName } from '../../functions.config.ts';
import type { Comparison, MetricRow, RowRatio } from '../../formats/comparison.ts';
import { formatRatio, formatValue } from '../format.ts';
import { winner } from '../verdict.ts';
import { escapeHtml } from './escape.ts';

/** The metrics table: a column per contender, then a ratio and a verdict per contender against the reference; one band per row group. */
export function renderMetricsTable({ rows, contenders, reference }: Pick<Comparison, 'rows' | 'contenders' | 'reference'>): string {
  const others = contenders.filter((name) => name !== reference);
  const columns = 1 + contenders.length + 2 * others.length;
  const groups = new Map<string, MetricRow[]>();
  for (const row of rows) groups.set(row.group, [...(groups.get(row.group) ?? []), row]);
  const bodies = [...groups].map(
    ([group, members]) => `  <tbody>
    <tr class="group"><th colspan="${columns}" scope="rowgroup">${escapeHtml(group)}</th></tr>
${members.map((row) => renderRow(row, contenders, reference)).join('\n')}
  </tbody>`,
  );
  const head = [
    '<th scope="col">Metric</th>',
    ...contenders.map((name) => `<th scope="col" class="num">${escapeHtml(name)}</th>`),
    ...others.map((name) => `<th scope="col" class="num">${escapeHtml(`${name} / ${reference}`)}</th>`),
    ...others.map((name) => `<th scope="col">${escapeHtml(others.length === 1 ? 'Verdict' : `Verdict ${name} / ${reference}`)}</th>`),
  ];
  return `<table class="metrics">
  <thead><tr>${head.join('')}</tr></thead>
${bodies.join('\n')}
</table>`;
}

/** A winner's cells are coloured, the same side its verdict names, and only then. */
function renderRow(row: MetricRow, contenders: readonly ContenderName[], reference: ContenderName): string {
  const winnerOf = (ratio: RowRatio) => winner({ ...ratio, reference, better: row.better, values: row.values });
  const winners = new Set(row.ratios.map(winnerOf));
  const cell = (route: ContenderName) =>
    `<td class="num${winners.has(route) ? ` better ${route}` : ''}">${escapeHtml(formatValue(row.values[route] ?? null, row.unit))}</td>`;
  const verdictCell = (ratio: RowRatio) => {
    const better = winnerOf(ratio);
    return `<td class="verdict${better ? ` ${better}` : ''}">${escapeHtml(ratio.verdict)}</td>`;
  };
  return `    <tr data-metric="${escapeHtml(row.id)}">
      <th scope="row">${escapeHtml(row.label)}${direction(row.better)}</th>
      ${contenders.map(cell).join('')}${row.ratios.map((ratio) => `<td class="num ratio">${formatRatio(ratio.ratio)}</td>`).join('')}
      ${row.ratios.map(verdictCell).join('')}
    </tr>`;
}

/** An arrow for which way is better; none on a row that ranks neither side, so it reads as context. */
function direction(better: MetricRow['better']): string {
  if (better === null) return '';
  return ` <span class="direction" title="${better} is better">${better === 'lower' ? '↓' : '↑'}</span>`;
}
