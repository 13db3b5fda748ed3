import { describe, expect, it } from 'vitest';
import type { ContenderName } from '../../functions.config.ts';
import type { MetricRow } from '../../formats/comparison.ts';
import { fullComparison } from '../testing/comparisons.ts';
import { renderMetricsTable } from './table.ts';

function rowOf(html: string, id: string): string {
  const row = new RegExp(`<tr data-metric="${id.replace(/\./g, '\\.')}">([\\s\\S]*?)</tr>`).exec(html)?.[1];
  if (row === undefined) throw new Error(`no row ${id}`);
  return row;
}

/** The fixture's contenders: Node against Rust. */
const table = (rows: readonly MetricRow[]) => renderMetricsTable({ ...fullComparison, rows: [...rows] });

describe('metrics table', () => {
  it('groups the rows under their group, in the order the groups first appear', () => {
    // When the fixture's rows are rendered
    const html = table(fullComparison.rows);
    // Then each group heads one band of rows
    const groups = [...html.matchAll(/<tr class="group"><th colspan="5" scope="rowgroup">([^<]*)<\/th><\/tr>/g)].map((match) => match[1]);
    expect(groups).toEqual(['Latency (client-seen)', 'Throughput', 'Cold starts', 'Function (REPORT)', 'Package', 'Cost per million requests']);
    expect(html.match(/<tbody>/g)).toHaveLength(groups.length);
  });

  it('shows node, rust, the ratio and the verdict, values as the other tables show them', () => {
    // When the fixture's rows are rendered
    const html = table(fullComparison.rows);
    // Then latency reads in ms, a size in KiB/MiB, a cost in dollars, a count as a whole number
    expect(rowOf(html, 'latency.p95')).toMatch(/17\.6 ms<\/td>.*8\.75 ms<\/td>.*2\.01×<\/td>/s);
    expect(rowOf(html, 'latency.p95')).toContain('rust 2.01× faster (95 % CI 1.85–2.19)');
    expect(rowOf(html, 'package.zip')).toMatch(/598\.0 KiB<\/td>.*7\.00 MiB<\/td>/s);
    expect(rowOf(html, 'cost.total')).toMatch(/\$7\.02<\/td>.*\$7\.01<\/td>/s);
    expect(rowOf(html, 'throughput.requests')).toMatch(/1,497<\/td>.*1,499<\/td>/s);
  });

  it('colours the better side only when the difference is significant', () => {
    // When the fixture's rows are rendered
    const html = table(fullComparison.rows);
    // Then the winner's cell and the verdict carry its route, whichever route wins
    expect(rowOf(html, 'latency.p95')).toContain('<td class="num better rust">8.75 ms</td>');
    expect(rowOf(html, 'latency.p95')).toContain('<td class="verdict rust">');
    expect(rowOf(html, 'package.zip')).toContain('<td class="num better node">598.0 KiB</td>');
    // and a difference inside its interval, an equal value or a missing ratio colours neither side
    for (const id of ['latency.p99.9', 'cold.count', 'errors.rate']) {
      expect(rowOf(html, id)).not.toMatch(/class="[^"]*better/);
      expect(rowOf(html, id)).toContain('<td class="verdict">');
    }
    expect(rowOf(html, 'latency.p99.9')).toContain('no significant difference (95 % CI 0.82–2.31)');
  });

  it('colours the winner of a row with one side at zero, the side its verdict names', () => {
    // Given failures that only rust had: no ratio, but a winner
    const row: MetricRow = {
      id: 'errors.status.500',
      group: 'Throughput',
      label: 'failures with status 500',
      unit: 'count',
      better: 'lower',
      values: { node: 0, rust: 3 },
      ratios: [{ contender: 'node', ratio: null, interval: null, verdict: 'node fewer (one side is zero)' }],
    };
    // When it is rendered
    const html = table([row]);
    // Then node's cell and the verdict carry its colour
    expect(rowOf(html, row.id)).toMatch(/<td class="num better node">0<\/td>/);
    expect(rowOf(html, row.id)).toContain('<td class="verdict node">');
  });

  it('colours neither side when the ratio shows as 1.00×', () => {
    // Given the fixture's whole-stack cost: $7.02 against $7.01, a ratio of 1.002
    // When the rows are rendered
    const html = table(fullComparison.rows);
    // Then no side is coloured as cheaper, as the verdict names no winner
    expect(rowOf(html, 'cost.total')).not.toMatch(/class="[^"]*better/);
    expect(rowOf(html, 'cost.total')).toContain('<td class="verdict">about the same</td>');
  });

  it('shows the offered load as context: no direction, no colour, the reason as its verdict', () => {
    // Given the fixture's requests and requests/s, which an open-model test sets, not the function
    // When the rows are rendered
    const html = table(fullComparison.rows);
    // Then both values show, with no arrow for a better direction and neither side coloured
    for (const id of ['throughput.rps', 'throughput.requests']) {
      expect(rowOf(html, id)).not.toContain('class="direction"');
      expect(rowOf(html, id)).not.toMatch(/class="[^"]*better/);
      expect(rowOf(html, id)).toContain('<td class="verdict">set by the load profile (open model)</td>');
    }
    expect(rowOf(html, 'throughput.rps')).toMatch(/<th scope="row">requests\/s<\/th>\s*<td class="num">10\.0\/s<\/td><td class="num">10\.0\/s<\/td>/);
    // while a row that does rank the sides keeps its arrow
    expect(rowOf(html, 'errors.rate')).toContain('<span class="direction" title="lower is better">↓</span>');
  });

  it('shows a missing value as a dash, never as a zero', () => {
    // Given a row whose Rust value is missing
    const missing: MetricRow = { ...fullComparison.rows[0]!, id: 'memory.init', values: { node: 96, rust: null }, ratios: [{ contender: 'node', ratio: null, interval: null, verdict: 'n/a' }] };
    // When it is rendered
    const html = table([missing]);
    // Then the cell and the ratio hold a dash
    expect(rowOf(html, 'memory.init')).toMatch(/96\.0 ms<\/td><td class="num">–<\/td><td class="num ratio">–<\/td>/);
  });

  it('gives each contender a column, and each one against the reference a ratio and a verdict, coloured by its winner', () => {
    // Given three contenders, the third as fast as Rust at p95 and slower than Node's zip
    const third = 'python' as ContenderName;
    const row = fullComparison.rows.find((each) => each.id === 'latency.p95')!;
    const three: MetricRow = { ...row, values: { ...row.values, [third]: 8.75 }, ratios: [...row.ratios, { contender: third, ratio: 1, interval: null, verdict: 'equal' }] };
    // When it is rendered
    const html = renderMetricsTable({ rows: [three], contenders: ['node', 'rust', third], reference: 'rust' });
    // Then the head names every column, the band spans them, and Rust's win over Node is coloured while the tie is not
    expect(html).toContain('<th scope="col" class="num">python</th><th scope="col" class="num">node / rust</th><th scope="col" class="num">python / rust</th><th scope="col">Verdict node / rust</th><th scope="col">Verdict python / rust</th>');
    expect(html).toContain('<th colspan="8" scope="rowgroup">');
    expect(rowOf(html, 'latency.p95')).toMatch(/<td class="num better rust">8\.75 ms<\/td><td class="num">8\.75 ms<\/td><td class="num ratio">2\.01×<\/td><td class="num ratio">1\.00×<\/td>/);
    expect(rowOf(html, 'latency.p95')).toMatch(/<td class="verdict rust">rust 2\.01× faster[^<]*<\/td><td class="verdict">equal<\/td>/);
  });
});
