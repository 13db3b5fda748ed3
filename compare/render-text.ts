import type { Claims, Comparison, MetricRow } from '../formats/comparison.ts';
import { claimsRule, claimsTitle } from './claims.ts';
import { contenderTitle, formatRatio, formatValue } from './format.ts';

/**
 * The columns every table has: metric, a value per contender, a ratio per contender against the
 * reference, and its verdict ("verdict" alone when there is one ratio).
 */
function columns(comparison: Comparison): { header: string[]; cells: (row: MetricRow) => string[]; verdictFrom: number } {
  const { contenders, reference } = comparison;
  const others = contenders.filter((name) => name !== reference);
  const header = ['', ...contenders, ...others.map((name) => `${name}/${reference}`), ...others.map((name) => (others.length === 1 ? 'verdict' : `verdict ${name}/${reference}`))];
  const cells = (row: MetricRow) => [
    row.label,
    ...contenders.map((name) => formatValue(row.values[name] ?? null, row.unit)),
    ...row.ratios.map((ratio) => formatRatio(ratio.ratio)),
    ...row.ratios.map((ratio) => ratio.verdict),
  ];
  return { header, cells, verdictFrom: 1 + contenders.length + others.length };
}

/** The terminal table: a block per group, rows = metrics, then the columns above. */
export function renderTerminal(comparison: Comparison): string {
  const { header, cells, verdictFrom } = columns(comparison);
  const lines = [title(comparison), ...(comparison.banner ? [`! ${comparison.banner}`] : []), ''];
  const indented = (row: MetricRow) => cells(row).map((cell, column) => (column === 0 ? `  ${cell}` : cell));
  const table = [header, ...comparison.rows.map(indented)];
  const widths = header.map((_, column) => Math.max(...table.map((cellsOfRow) => cellsOfRow[column]!.length)));
  const pad = (cellsOfRow: string[]) =>
    cellsOfRow.map((cell, column) => (column === 0 || column >= verdictFrom ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();
  lines.push(pad(header));
  let group = '';
  for (const row of comparison.rows) {
    if (row.group !== group) lines.push((group = row.group));
    lines.push(pad(indented(row)));
  }
  if (comparison.claims) lines.push('', ...terminalClaims(comparison.claims));
  return `${lines.join('\n')}\n`;
}

/** Each claim in its words and its verdict, then a line per metric: its verdict and what was measured. */
function terminalClaims(claims: Claims): string[] {
  const checks = claims.claims.flatMap((claim) => claim.checks);
  const labelWidth = Math.max(...checks.map((check) => check.label.length));
  const verdictWidth = Math.max(...checks.map((check) => check.verdict.length));
  return [
    claimsTitle(claims),
    ...claims.claims.flatMap((claim) => [
      `  "${claim.quote}" → ${claim.verdict}`,
      ...claim.checks.map((check) => `    ${check.label.padEnd(labelWidth)}  ${check.verdict.padEnd(verdictWidth)}  ${check.why}`),
    ]),
    `  ${claims.measuredOn} ${claimsRule}`,
  ];
}

/** The same comparison as Markdown, for a pull request or a wiki page. */
export function renderMarkdown(comparison: Comparison): string {
  const { header, cells, verdictFrom } = columns(comparison);
  const lines = [`# ${title(comparison)}`, ''];
  if (comparison.banner) lines.push(`> **${comparison.banner}**`, '');
  lines.push(`Machine: ${comparison.run.machine}. Sources: ${sources(comparison)}.`, '');
  const tableRow = (cellsOfRow: string[]) => `| ${cellsOfRow.join(' | ')} |`;
  const rule = `|${header.map((_, column) => (column === 0 || column >= verdictFrom ? '---' : '---:')).join('|')}|`;
  let group = '';
  for (const row of comparison.rows) {
    if (row.group !== group) {
      group = row.group;
      lines.push('', `## ${group}`, '', tableRow(['metric', ...header.slice(1)]), rule);
    }
    lines.push(tableRow(cells(row)));
  }
  if (comparison.claims) lines.push('', ...markdownClaims(comparison.claims));
  return `${lines.join('\n')}\n`;
}

function markdownClaims(claims: Claims): string[] {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  return [
    `## ${claimsTitle(claims)}`,
    '',
    `${claims.measuredOn} ${claimsRule}`,
    '',
    '| claim | metric | verdict | measured |',
    '|---|---|---|---|',
    ...claims.claims.flatMap((claim) =>
      claim.checks.map((check, index) =>
        `| ${index === 0 ? `"${cell(claim.quote)}" **${claim.verdict}**` : ''} | ${cell(check.label)} | ${check.verdict} | ${cell(check.why)} |`,
      ),
    ),
  ];
}

function title(comparison: Comparison): string {
  const { run } = comparison;
  return `lambda-duel: ${comparison.contenders.map(contenderTitle).join(' vs ')} — ${run.scenario} on ${run.target}, mode ${run.mode}, ${run.durationSeconds.toFixed(0)} s (${run.id})`;
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
