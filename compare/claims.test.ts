import { describe, expect, it } from 'vitest';
import type { ContenderName } from '../functions.config.ts';
import type { Claims, MetricRow } from '../formats/comparison.ts';
import type { InvocationReport } from '../formats/report-record.ts';
import { checkClaims } from './claims.ts';
import { compareRun } from './compare-run.ts';
import { comparedContenders } from './contenders.ts';
import { renderHtml } from './html/render.ts';
import { defaultPricing } from './pricing.ts';
import { renderMarkdown, renderTerminal } from './render-text.ts';
import type { SeedClaims } from './seed-claims.ts';
import { reports, routeSummary, runSummary } from './testing/run-results.ts';

/**
 * A three-way run in which Python's latency and Duration are 9× Rust's, its memory 5× and its
 * zip 9×, and nobody failed a request.
 */
function threeWay(selection: { contenders?: string; reference?: string } = {}, { cpuTime = false } = {}) {
  // The stand-in's cpuacct reading: half of each invocation's Duration, so Python's is 9× Rust's too.
  const measured = (records: InvocationReport[]) => (cpuTime ? records.map((record) => ({ ...record, cpuTimeMs: record.durationMs / 2 })) : records);
  const base = runSummary(10, 5);
  const summary = { ...base, run: { ...base.run, contenders: ['node', 'rust', 'python'] as ContenderName[] }, routes: { ...base.routes, python: routeSummary(45) } };
  return compareRun({
    summary,
    compared: comparedContenders(summary, selection),
    reports: new Map([
      ['node', measured(reports('node', 200, 8, 98, 4, 400))],
      ['rust', measured(reports('rust', 200, 4, 9, 2, 60))],
      ['python', measured(reports('python', 200, 36, 45, 4, 330))],
    ]),
    raw: null,
    packageSizes: { node: { zip: 141_210, unzipped: 474_933 }, rust: { zip: 4_000_000, unzipped: 10_000_000 }, python: { zip: 36_000_000, unzipped: 120_000_000 } },
    pricing: defaultPricing,
    pricingSource: 'built-in',
    reconciliation: null,
    runtimes: {},
  });
}

const checkOf = (claims: Claims | null, metric: string) => claims!.claims.flatMap((claim) => claim.checks).find((check) => check.metric === metric)!;

describe("the seed's claims", () => {
  it('are held metric by metric against how many times better Rust measured than Python', () => {
    // Given a run with the three contenders, When it is compared
    const { claims } = threeWay();
    // Then Duration, 9× within a narrow interval, holds the 8–10× claim
    expect(checkOf(claims, 'duration.p50')).toMatchObject({ verdict: 'holds', factor: 9, why: expect.stringMatching(/^rust 9\.00× better \(95 % CI [\d.]+–[\d.]+\); claimed 8–10×$/) });
    // memory, 5× with its interval, does not
    expect(checkOf(claims, 'memory.p50')).toMatchObject({ verdict: 'does not hold', factor: 5 });
    // an exact size decides without an interval; a sampled statistic without one is inconclusive
    expect(checkOf(claims, 'package.zip')).toMatchObject({ verdict: 'holds', factor: 9, why: 'rust 9.00× better (exact sizes); claimed 8–10×' });
    expect(checkOf(claims, 'package.unzipped')).toMatchObject({ verdict: 'does not hold', factor: 12 });
    expect(checkOf(claims, 'latency.p95')).toMatchObject({ verdict: 'inconclusive', factor: 9, why: expect.stringContaining('but no interval') });
    // and what the run cannot measure says why
    expect(checkOf(claims, 'errors.rate')).toMatchObject({ verdict: 'not measurable here', why: 'zero for both: no factor between them' });
    expect(checkOf(claims, 'throughput.rps')).toMatchObject({ verdict: 'not measurable here', why: 'not set by the function: set by the load profile (open model)' });
    expect(checkOf(claims, 'cpu.p50')).toMatchObject({ label: 'CPU time p50', verdict: 'not measurable here', factor: null, why: expect.stringMatching(/^no CPU time in this run's REPORT records/) });
  });

  it("hold CPU time against the stand-in's per-environment accounting, where the run has it", () => {
    // Given a run whose REPORT records carry each invocation's CPU time, Python's 9× Rust's
    const { claims, rows } = threeWay({}, { cpuTime: true });
    // Then CPU time is a row, and the claim about it is checked like any sampled statistic
    const cpu = rows.find((row) => row.id === 'cpu.p50')!;
    // less CPU time is not "faster": the verdict says less, as it does of memory
    expect(cpu.ratios.find((ratio) => ratio.contender === 'python')?.verdict).toMatch(/^rust 9\.00× less \(95 % CI/);
    expect(checkOf(claims, 'cpu.p50')).toMatchObject({ label: 'CPU time p50', verdict: 'holds', factor: 9 });
  });

  it('hold as a whole only when every measurable check holds, and fail when one fails', () => {
    const { claims } = threeWay();
    const verdicts = Object.fromEntries(claims!.claims.map((claim) => [claim.quote, claim.verdict]));
    // Latency has no interval without RAW=1, and Duration holds: inconclusive, not "holds"
    expect(verdicts['In all cases, Rust outperformed Python by 8-10x.']).toBe('inconclusive');
    // the zip holds but the unzipped size does not
    expect(verdicts['Rust consumes substantially fewer resources than Python, evidenced by the small size of the zip file']).toBe('does not hold');
  });

  it('are against Rust whatever reference the table takes, and absent from a run without Python', () => {
    expect(threeWay({ reference: 'node' }).claims).toEqual(threeWay().claims);
    expect(threeWay({ contenders: 'node,rust' }).claims).toBeNull();
  });

  it('are printed in the terminal, in Markdown and in the HTML report, each claim in its words', async () => {
    const comparison = threeWay();
    expect(renderTerminal(comparison)).toMatch(/^ {2}"In all cases, Rust outperformed Python by 8-10x\." → inconclusive\n {4}latency p50 +inconclusive +rust 9\.00× better; claimed 8–10×, but no interval/m);
    expect(renderMarkdown(comparison)).toMatch(/^\| "Rust consumes .* zip file" \*\*does not hold\*\* \| deployment zip \| holds \| rust 9\.00× better \(exact sizes\); claimed 8–10× \|$/m);
    const html = await renderHtml(comparison);
    expect(html).toMatch(/<section id="claims">\n<h2>Claims of the write-up/);
    expect(html).toContain('<tr data-metric="package.zip">');
    expect(html).toContain('<td class="verdict holds">holds</td>');
    // and says the verdicts are this machine's, the write-up's being Lambda's
    expect(comparison.claims!.measuredOn).toMatch(/^Measured on the local stand-in, .* a 256 MB function a share of one/);
    // and a comparison without them shows none
    const without = threeWay({ contenders: 'node,rust' });
    expect(renderTerminal(without) + renderMarkdown(without) + (await renderHtml(without))).not.toMatch(/Claims of/);
  });
});

describe('one check', () => {
  const seed: SeedClaims = { source: 'a test', winner: 'rust', loser: 'python', claims: [{ quote: 'q', claimed: { low: 8, high: 10 }, metrics: [{ row: 'r', decidedBy: 'interval' }] }] };
  const rowWith = (better: MetricRow['better'], ratio: number, low: number, high: number): MetricRow => ({
    id: 'r',
    group: 'g',
    label: 'r',
    unit: 'ms',
    better,
    values: { rust: 1, python: ratio },
    ratios: [{ contender: 'python', ratio, interval: { low, high, method: 'm' }, verdict: '' }],
  });
  const verdictOf = (row: MetricRow) => checkClaims(seed, [row], 'here').claims[0]!.checks[0]!;

  it('is inconclusive when the interval spans a bound of the claim', () => {
    expect(verdictOf(rowWith('lower', 8.5, 7.5, 9.5)).verdict).toBe('inconclusive');
    expect(verdictOf(rowWith('lower', 8.5, 8.1, 9.5)).verdict).toBe('holds');
    expect(verdictOf(rowWith('lower', 11, 10.5, 12)).verdict).toBe('does not hold');
  });

  it('turns a higher-is-better ratio round, so the factor is still how many times better Rust is', () => {
    // Given Python at a ninth of Rust's figure where higher is better
    const check = verdictOf(rowWith('higher', 1 / 9, 1 / 9.5, 1 / 8.5));
    expect(check).toMatchObject({ verdict: 'holds', interval: { low: 8.5, high: 9.5 } });
    expect(check.factor).toBeCloseTo(9, 9);
  });

  it('names Python as the better one, its interval turned the same way, when Python measured better', () => {
    expect(verdictOf(rowWith('lower', 0.5, 0.4, 0.625)).why).toBe('python 2.00× better (95 % CI 1.60–2.50); claimed 8–10×');
  });
});
