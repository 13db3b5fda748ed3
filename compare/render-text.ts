import type { Comparison, MetricRow } from '../formats/comparison.ts';
import { formatRatio, formatValue } from './format.ts';

/** The terminal table: a block per group, rows = metrics, columns node, rust, node/rust, verdict. */
export function renderTerminal(comparison: Comparison): string {
  const header = ['', 'node', 'rust', 'node/rust', 'verdict'];
  const lines = [title(comparison), ...(comparison.banner ? [`! ${comparison.banner}`] : []), ''];
  const cells = (row: MetricRow) => [`  ${row.label}`, formatValue(row.values.node, row.unit), formatValue(row.values.rust, row.unit), formatRatio(row.ratio), row.verdict];
  const table = [header, ...comparison.rows.map(cells)];
  const widths = header.map((_, column) => Math.max(...table.map((cellsOfRow) => cellsOfRow[column]!.length)));
  const pad = (cellsOfRow: string[]) =>
    cellsOfRow.map((cell, column) => (column === 0 || column === 4 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
  lines.push(pad(header));
  let group = '';
  for (const row of comparison.rows) {
    if (row.group !== group) lines.push((group = row.group));
    lines.push(pad(cells(row)));
  }
  return `${lines.join('\n')}\n`;
}

/** The same comparison as Markdown, for a pull request or a wiki page. */
export function renderMarkdown(comparison: Comparison): string {
  const lines = [`# ${title(comparison)}`, ''];
  if (comparison.banner) lines.push(`> **${comparison.banner}**`, '');
  lines.push(`Machine: ${comparison.run.machine}. Sources: ${sources(comparison)}.`, '');
  let group = '';
  for (const row of comparison.rows) {
    if (row.group !== group) {
      group = row.group;
      lines.push('', `## ${group}`, '', '| metric | node | rust | node/rust | verdict |', '|---|---:|---:|---:|---|');
    }
    lines.push(`| ${row.label} | ${formatValue(row.values.node, row.unit)} | ${formatValue(row.values.rust, row.unit)} | ${formatRatio(row.ratio)} | ${row.verdict} |`);
  }
  return `${lines.join('\n')}\n`;
}

function title(comparison: Comparison): string {
  const { run } = comparison;
  return `lambda-duel: Node vs Rust — ${run.scenario} on ${run.target}, mode ${run.mode}, ${run.durationSeconds.toFixed(0)} s (${run.id})`;
}

function sources(comparison: Comparison): string {
  const { sources: s } = comparison;
  return [
    'k6 summary',
    s.raw ? 'raw k6 samples' : 'no raw samples (RAW=1 adds intervals and time series)',
    s.reports ? 'REPORT lines' : 'no REPORT lines',
    s.artifacts ? 'build artefacts' : 'no artefact sizes',
    `prices: ${s.pricing}`,
  ].join(', ');
}
