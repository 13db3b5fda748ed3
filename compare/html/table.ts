import type { Route } from '../../k6.config.ts';
import type { MetricRow } from '../../formats/comparison.ts';
import { formatRatio, formatValue } from '../format.ts';
import { winner } from '../verdict.ts';
import { escapeHtml } from './escape.ts';

/** The metrics table: one band per row group, in the order the groups first appear. */
export function renderMetricsTable(rows: readonly MetricRow[]): string {
  const groups = new Map<string, MetricRow[]>();
  for (const row of rows) groups.set(row.group, [...(groups.get(row.group) ?? []), row]);
  const bodies = [...groups].map(
    ([group, members]) => `  <tbody>
    <tr class="group"><th colspan="5" scope="rowgroup">${escapeHtml(group)}</th></tr>
${members.map(renderRow).join('\n')}
  </tbody>`,
  );
  return `<table class="metrics">
  <thead><tr><th scope="col">Metric</th><th scope="col" class="num">node</th><th scope="col" class="num">rust</th><th scope="col" class="num">node / rust</th><th scope="col">Verdict</th></tr></thead>
${bodies.join('\n')}
</table>`;
}

/** The winner's cells are coloured, the same side the verdict names, and only then. */
function renderRow(row: MetricRow): string {
  const better = winner(row);
  const cell = (route: Route) =>
    `<td class="num${better === route ? ` better ${route}` : ''}">${escapeHtml(formatValue(row.values[route], row.unit))}</td>`;
  return `    <tr data-metric="${escapeHtml(row.id)}">
      <th scope="row">${escapeHtml(row.label)}${direction(row.better)}</th>
      ${cell('node')}${cell('rust')}<td class="num ratio">${formatRatio(row.ratio)}</td>
      <td class="verdict${better ? ` ${better}` : ''}">${escapeHtml(row.verdict)}</td>
    </tr>`;
}

/** An arrow for which way is better; none on a row that ranks neither side, so it reads as context. */
function direction(better: MetricRow['better']): string {
  if (better === null) return '';
  return ` <span class="direction" title="${better} is better">${better === 'lower' ? '↓' : '↑'}</span>`;
}
