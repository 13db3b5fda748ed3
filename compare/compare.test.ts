import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../toolchain/paths.ts';
import { compareToBaseline, parseBound, slowerThan } from './baseline.ts';
import { compareRun } from './compare-run.ts';
import { defaultPricing } from './pricing.ts';
import { reports, runSummary } from './test-fixtures.ts';

const rowOf = (comparison: ReturnType<typeof compareRun>, id: string) => comparison.rows.find((row) => row.id === id)!;

function comparisonOf(nodeMed: number, rustMed: number) {
  return compareRun({
    summary: runSummary(nodeMed, rustMed),
    reports: new Map([
      ['node', reports('node', 200, 8, 98, 4, 400)],
      ['rust', reports('rust', 200, 4, 9, 2, 60)],
    ]),
    raw: null,
    packageBytes: { node: 474_933, rust: 10_762_712 },
    pricing: defaultPricing,
    pricingSource: 'built-in',
  });
}

describe('comparing one run', () => {
  it('puts Node against Rust metric by metric, with ratios and who is better', () => {
    const comparison = comparisonOf(10, 5);
    expect(rowOf(comparison, 'latency.p95')).toMatchObject({ values: { node: 20, rust: 10 }, ratio: 2, verdict: 'rust 2.00× faster (no interval: run with RAW=1)' });
    expect(rowOf(comparison, 'memory.p50')).toMatchObject({ values: { node: 98, rust: 9 } });
    expect(rowOf(comparison, 'memory.p50').verdict).toMatch(/^rust 10\.89× less/);
    expect(rowOf(comparison, 'cold.init.p50')).toMatchObject({ values: { node: 400, rust: 60 } });
    expect(rowOf(comparison, 'package.bytes').verdict).toBe('node 22.66× smaller');
    expect(comparison.banner).toMatch(/^Local stand-in/);
  });

  it('bounds function metrics with a bootstrap over the REPORT lines', () => {
    const duration = rowOf(comparisonOf(10, 5), 'duration.p50');
    expect(duration.interval).toMatchObject({ method: 'bootstrap over the REPORT lines' });
    expect(duration.interval!.low).toBeLessThan(duration.ratio!);
    expect(duration.interval!.high).toBeGreaterThan(duration.ratio!);
  });

  it('costs a million requests from the measured durations, cold-start share and INIT', () => {
    const comparison = comparisonOf(10, 5);
    const node = comparison.charts.cost.node;
    // 256 MB for 1e6 × mean ceil(duration) ms, arm64; 2 % cold starts of 400 ms INIT
    expect(node.lambdaInit).toBeCloseTo(1e6 * 0.02 * 0.25 * 0.4 * defaultPricing.lambdaPerGbSecond.arm64, 6);
    expect(node.s3Puts).toBeCloseTo(5, 6);
    expect(rowOf(comparison, 'cost.total').values.node).toBeCloseTo(node.total, 9);
  });

  it('holds a run against a baseline and flags a p95 that grew past the bound', () => {
    const rows = compareToBaseline(runSummary(12, 5), runSummary(10, 5));
    expect(rows.find((row) => row.route === 'node' && row.metric === 'latency p95')?.change).toBeCloseTo(1.2);
    expect(slowerThan(rows, parseBound('10%')).map((row) => row.route)).toEqual(['node']);
    expect(slowerThan(rows, parseBound('25%'))).toEqual([]);
  });
});

describe('npm run compare on bad input', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-compare-'));
  const write = (name: string, content: unknown) => {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  const compare = (...args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'compare', ...args], { cwd: repoRoot }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr.split('\n').filter((line) => line.startsWith('lambda-duel')) }),
    );

  it.each([
    ['a missing file', () => [path.join(dir, 'nowhere.summary.json')], /no such file or folder/],
    ['a file that is not a summary', () => [write('a/ramp.summary.json', '{"hello":1}')], /not a lambda-duel\/summary@1 document/],
    ['a file that is not JSON', () => [write('b/ramp.summary.json', 'k6 says hi')], /not JSON/],
    ['a schema from another version', () => [write('c/ramp.summary.json', { ...runSummary(1, 1), schema: 'lambda-duel/summary@2' })], /schema lambda-duel\/summary@2 is not supported/],
    ['two runs of different tests', () => [write('d/ramp.summary.json', runSummary(1, 1)), write('e/smoke.summary.json', runSummary(1, 1, { scenario: 'smoke' }))], /two runs of different tests/],
    ['no run at all', () => [], /usage: npm run compare/],
  ])('%s gets one clear line and exit code 2', async (_name, args, message) => {
    const result = await compare(...args());
    expect(result.code).toBe(2);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(message);
  });

  it('writes compare.md and compare.json beside a valid run', async () => {
    const file = write('f/ramp.summary.json', runSummary(10, 5));
    write('f/lambda/reports.jsonl', [...reports('node', 20, 8, 98, 1, 400), ...reports('rust', 20, 4, 9, 1, 60)].map((r) => JSON.stringify(r)).join('\n'));
    expect((await compare(path.dirname(file))).code).toBe(0);
    const json = JSON.parse(await readFile(path.join(dir, 'f', 'compare.json'), 'utf8'));
    expect(json.schema).toBe('lambda-duel/compare@1');
    expect(await readFile(path.join(dir, 'f', 'compare.md'), 'utf8')).toMatch(/\| latency p95 \| 20\.0 ms \| 10\.0 ms \| 2\.00× \| rust 2\.00× faster/);
  });
});
