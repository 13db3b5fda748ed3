import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ContenderWrites, Reconciliation } from '../formats/reconciliation.ts';
import type { ContenderName } from '../functions.config.ts';
import type { Comparison, RuntimeNote } from '../formats/comparison.ts';
import type { RunSummary, RunSummaryV1 } from '../formats/summary.ts';
import { repoRoot } from '../toolchain/paths.ts';
import { compareToBaseline, parseBound, slowerThan } from './baseline.ts';
import { compareRun } from './compare-run.ts';
import { comparedContenders, type ComparedContenders } from './contenders.ts';
import { defaultPricing } from './pricing.ts';
import { renderMarkdown, renderTerminal } from './render-text.ts';
import { reports, routeSummary, runSummary } from './testing/run-results.ts';

const rowOf = (comparison: ReturnType<typeof compareRun>, id: string) => comparison.rows.find((row) => row.id === id)!;
/** The row's one ratio, Node's against Rust, in a comparison of the two. */
const ratioOf = (comparison: ReturnType<typeof compareRun>, id: string) => rowOf(comparison, id).ratios[0]!;

const nodeAgainstRust: ComparedContenders = { contenders: ['node', 'rust'], reference: 'rust' };

function comparisonOf(summary: RunSummary = runSummary(10, 5), reconciliation: Reconciliation | null = null, compared = nodeAgainstRust, runtimes: Record<string, RuntimeNote> = {}) {
  return compareRun({
    summary,
    compared,
    reports: new Map([
      ['node', reports('node', 200, 8, 98, 4, 400)],
      ['rust', reports('rust', 200, 4, 9, 2, 60)],
    ]),
    raw: null,
    packageSizes: { node: { zip: 141_210, unzipped: 474_933 }, rust: { zip: 4_012_443, unzipped: 10_762_712 } },
    pricing: defaultPricing,
    pricingSource: 'built-in',
    reconciliation,
    runtimes,
  });
}

/** A run in which k6 offered the routes these loads, as an interleaved ramp's turns can fall. */
function offered(node: { requests: number; ratePerSecond: number }, rust: { requests: number; ratePerSecond: number }): RunSummary {
  return { ...runSummary(10, 5), routes: { node: routeSummary(10, node), rust: routeSummary(5, rust) } };
}

const unevenLoad = offered({ requests: 969, ratePerSecond: 6.46 }, { requests: 861, ratePerSecond: 5.74 });

/** A run in which k6 dropped these iterations: per route when each had its own scenario (parallel), else only the total. */
function dropped(total: number, perRoute?: { node: number; rust: number }): RunSummary {
  const mode = perRoute ? 'parallel' : 'interleaved';
  const base = runSummary(10, 5, { mode, droppedIterations: total });
  if (!perRoute) return base;
  return { ...base, routes: { node: routeSummary(10, { droppedIterations: perRoute.node }), rust: routeSummary(5, { droppedIterations: perRoute.rust }) } };
}

const interleavedDrops = dropped(37);
const interleavedNote = '37 in the run, not split by route (one scenario served both)';

describe('comparing one run', () => {
  it('puts Node against Rust metric by metric, with ratios and who is better', () => {
    const comparison = comparisonOf();
    expect(rowOf(comparison, 'latency.p95')).toMatchObject({ values: { node: 20, rust: 10 }, ratios: [{ contender: 'node', ratio: 2, verdict: 'rust 2.00× faster (no interval: run with RAW=1)' }] });
    expect(rowOf(comparison, 'memory.p50')).toMatchObject({ values: { node: 98, rust: 9 } });
    expect(ratioOf(comparison, 'memory.p50').verdict).toMatch(/^rust 10\.89× less/);
    expect(rowOf(comparison, 'cold.init.p50')).toMatchObject({ values: { node: 400, rust: 60 } });
    expect(ratioOf(comparison, 'package.unzipped').verdict).toBe('node 22.66× smaller');
    expect(ratioOf(comparison, 'package.zip').verdict).toBe('node 28.41× smaller');
    expect(comparison).toMatchObject({ contenders: ['node', 'rust'], reference: 'rust' });
    expect(comparison.banner).toMatch(/^Local stand-in/);
  });

  it('says when a contender ran here on another interpreter version than it deploys to, on a local run only', () => {
    // Given a build that ran Node here on another version than the deployed runtime
    const note = { node: { deployed: 'nodejs24.x', local: 'Node 22.1.0' } };
    // When a local run and an AWS run are compared
    const local = comparisonOf(runSummary(10, 5), null, nodeAgainstRust, note);
    const aws = comparisonOf(runSummary(10, 5, { target: 'aws' }), null, nodeAgainstRust, note);
    // Then the local one says so in its banner and its JSON, and the AWS one, which ran the deployed runtime, does not
    expect(local.banner).toContain('node ran here on Node 22.1.0, and deploys to nodejs24.x: another interpreter version');
    expect(local.runtimes).toEqual(note);
    expect(aws).toMatchObject({ banner: null, runtimes: {} });
  });

  it("says which CPU model and memory size each contender ran with, the stand-in's whole cores or Lambda's share", () => {
    // Given a local run whose REPORT records say each environment was held to 256 MB's share of a core
    const held = (fn: string, duration: number, memory: number, init: number) => reports(fn, 200, duration, memory, 2, init).map((report) => ({ ...report, cpuVcpus: 256 / 1769 }));
    const lambdaModel = compareRun({
      summary: runSummary(10, 5),
      compared: nodeAgainstRust,
      reports: new Map([
        ['node', held('node', 8, 98, 400)],
        ['rust', held('rust', 4, 9, 60)],
      ]),
      raw: null,
      packageSizes: null,
      pricing: defaultPricing,
      pricingSource: 'built-in',
      reconciliation: null,
      runtimes: {},
    });
    // Then the banner and compare.json say so, and a run without the model says whole cores
    expect(lambdaModel.banner).toContain("Local stand-in with Lambda's CPU model: each environment held to its memory's share of a core while invoked (node 256 MB: 0.14 vCPU, rust 256 MB: 0.14 vCPU), two cores during INIT");
    expect(lambdaModel.cpu).toEqual({ node: { memoryMb: 256, vcpus: 256 / 1769 }, rust: { memoryMb: 256, vcpus: 256 / 1769 } });
    const wholeCores = comparisonOf();
    expect(wholeCores.banner).toContain('the stand-in gives each environment whole cores');
    expect(wholeCores.cpu).toEqual({ node: { memoryMb: 256, vcpus: null }, rust: { memoryMb: 256, vcpus: null } });
  });

  it('shows the load k6 offered side by side, with the reason instead of a winner', () => {
    // Given an open-model run in which k6 offered Node 13 % more requests than Rust
    // When it is compared
    const comparison = comparisonOf(unevenLoad);
    // Then both rows keep their values and ratio but rank neither side
    const reason = 'set by the load profile (open model)';
    expect(rowOf(comparison, 'throughput.rps')).toMatchObject({ values: { node: 6.46, rust: 5.74 }, better: null, ratios: [{ verdict: reason }] });
    expect(rowOf(comparison, 'throughput.requests')).toMatchObject({ values: { node: 969, rust: 861 }, better: null, ratios: [{ verdict: reason }] });
    // and the terminal and Markdown tables print the reason where "node 1.13× higher" was
    expect(renderTerminal(comparison)).toMatch(/^ {2}requests\/s +6\.5\/s +5\.7\/s +1\.13× +set by the load profile \(open model\)$/m);
    expect(renderMarkdown(comparison)).toContain('| requests | 969 | 861 | 1.13× | set by the load profile (open model) |');
    expect(renderTerminal(comparison) + renderMarkdown(comparison)).not.toMatch(/node 1\.13× (higher|more)/);
  });

  it('ranks the routes by the iterations k6 dropped when each had a scenario of its own', () => {
    // Given parallel runs in which k6 dropped 37 of Node's iterations and none of Rust's, or none at all
    // When they are compared
    const fellBehind = comparisonOf(dropped(37, { node: 37, rust: 0 }));
    const keptUp = comparisonOf(dropped(0, { node: 0, rust: 0 }));
    // Then the row names the route that kept up, and two zeros are equal
    expect(rowOf(fellBehind, 'throughput.dropped')).toMatchObject({ group: 'Throughput', values: { node: 37, rust: 0 }, better: 'lower', ratios: [{ verdict: 'rust fewer (one side is zero)' }] });
    expect(rowOf(keptUp, 'throughput.dropped')).toMatchObject({ values: { node: 0, rust: 0 }, ratios: [{ ratio: 1, verdict: 'equal' }] });
    // and the terminal table shows it among the throughput rows
    expect(renderTerminal(fellBehind)).toMatch(/^ {2}requests .*\n {2}dropped iterations +37 +0 +– +rust fewer \(one side is zero\)$/m);
  });

  it("shows an interleaved run's dropped iterations once, split between no routes", () => {
    // Given an interleaved run, whose one scenario dropped 37 iterations on whichever route had its turn
    // When it is compared
    const comparison = comparisonOf(interleavedDrops);
    // Then the row has no per-route values and no winner, and its verdict carries the run's total
    expect(rowOf(comparison, 'throughput.dropped')).toMatchObject({ values: { node: null, rust: null }, better: null, ratios: [{ ratio: null, verdict: interleavedNote }] });
    expect(renderMarkdown(comparison)).toContain(`| dropped iterations | – | – | – | ${interleavedNote} |`);
  });

  it('leaves the row out for a summary written before dropped iterations were recorded', () => {
    // Given an older summary@1 with no dropped iterations anywhere, When it is compared, Then there is no row to guess at
    expect(comparisonOf().rows.map((row) => row.id)).not.toContain('throughput.dropped');
  });

  it('bounds function metrics with a bootstrap over the REPORT lines', () => {
    const duration = ratioOf(comparisonOf(), 'duration.p50');
    expect(duration.interval).toMatchObject({ method: 'bootstrap over the REPORT lines' });
    expect(duration.interval!.low).toBeLessThan(duration.ratio!);
    expect(duration.interval!.high).toBeGreaterThan(duration.ratio!);
  });

  it('costs a million requests from the measured durations, cold-start share and INIT', () => {
    const comparison = comparisonOf();
    const node = comparison.charts.cost.node!;
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

  it('shows a change in offered load against the baseline without failing it', () => {
    // Given a run offered half again the baseline's load, at the baseline's latency
    const current = offered({ requests: 1500, ratePerSecond: 15 }, { requests: 1500, ratePerSecond: 15 });
    // When it is held against the baseline
    const rows = compareToBaseline(current, runSummary(10, 5));
    // Then the change in requests/s is shown, and no route counts as slower for it
    expect(rows.filter((row) => row.metric === 'requests/s').map((row) => row.change)).toEqual([1.5, 1.5]);
    expect(slowerThan(rows, parseBound('10%'))).toEqual([]);
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
  /** `npm run compare -- …`; a leading `--env NAME=value` sets that variable for it. */
  const compare = (...given: string[]) => {
    const [env, args] = given[0] === '--env' ? [Object.fromEntries([given[1]!.split('=')]), given.slice(2)] : [{}, given];
    return promisify(execFile)(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'compare', ...args], { cwd: repoRoot, env: { ...process.env, ...env } }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr.split('\n').filter((line) => line.startsWith('lambda-duel')) }),
    );
  };

  it.each([
    ['a missing file', () => [path.join(dir, 'nowhere.summary.json')], /no such file or folder/],
    ['a file that is not a summary', () => [write('a/ramp.summary.json', '{"hello":1}')], /not a lambda-duel\/summary@2 document/],
    ['a summary whose routes are not its contenders', () => [write('a2/ramp.summary.json', { ...runSummary(1, 1), run: { ...runSummary(1, 1).run, contenders: ['node'] } })], /routes\/rust is not among run.contenders/],
    ['an unknown contender in CONTENDERS', () => ['--env', 'CONTENDERS=nod', write('a3/ramp.summary.json', runSummary(1, 1))], /invalid CONTENDERS: expected some of node, rust(, [a-z]+)*, got 'nod'/],
    ['a contender the run did not measure', () => ['--env', 'CONTENDERS=rust', write('a4/ramp.summary.json', { ...runSummary(1, 1), run: { ...runSummary(1, 1).run, contenders: ['node'] }, routes: { node: routeSummary(1) } })], /invalid CONTENDERS: run fixture-run measured node, not rust/],
    ['an unknown reference', () => [write('a5/ramp.summary.json', runSummary(1, 1)), '--reference', 'nod'], /invalid --reference: expected one of node, rust, got 'nod'/],
    ['a file that is not JSON', () => [write('b/ramp.summary.json', 'k6 says hi')], /not JSON/],
    ['a schema from another version', () => [write('c/ramp.summary.json', { ...runSummary(1, 1), schema: 'lambda-duel/summary@3' })], /schema lambda-duel\/summary@3 is not supported/],
    ['two whole runs', () => [write('d/ramp.summary.json', runSummary(1, 1)), write('e/smoke.summary.json', runSummary(1, 1, { scenario: 'smoke' }))], /a whole run, not one segment of one .*use --baseline/],
    ['no run at all', () => [], /usage: npm run compare/],
  ])('%s gets one clear line and exit code 2', async (_name, args, message) => {
    const result = await compare(...args());
    expect(result.code).toBe(2);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(message);
  });

  it('writes the offered load to compare.json and compare.html with no winner', async () => {
    // Given a valid run in which k6 offered Node more requests than Rust
    const file = write('g/ramp.summary.json', unevenLoad);
    // When it is compared
    expect((await compare(path.dirname(file))).code).toBe(0);
    // Then compare.json ranks neither side of the load and gives the reason
    const json = JSON.parse(await readFile(path.join(dir, 'g', 'compare.json'), 'utf8'));
    const load = json.rows.filter((row: { id: string }) => row.id.startsWith('throughput.'));
    expect(load.map((row: { better: unknown; ratios: Array<{ verdict: string }> }) => [row.better, row.ratios[0]!.verdict])).toEqual([
      [null, 'set by the load profile (open model)'],
      [null, 'set by the load profile (open model)'],
    ]);
    // and compare.html colours neither side of it
    const html = await readFile(path.join(dir, 'g', 'compare.html'), 'utf8');
    const requestsRow = /<tr data-metric="throughput\.requests">([\s\S]*?)<\/tr>/.exec(html)?.[1];
    expect(requestsRow).toContain('<td class="verdict">set by the load profile (open model)</td>');
    expect(requestsRow).not.toMatch(/class="[^"]*better/);
  });

  it("writes an interleaved run's dropped iterations to compare.json and compare.html once, with no winner", async () => {
    // Given a valid interleaved run in which k6 dropped 37 iterations
    const file = write('h/ramp.summary.json', interleavedDrops);
    // When it is compared
    expect((await compare(path.dirname(file))).code).toBe(0);
    // Then compare.json has one row with the total in its verdict and no value for either route
    const json = JSON.parse(await readFile(path.join(dir, 'h', 'compare.json'), 'utf8'));
    expect(json.rows.filter((row: { id: string }) => row.id === 'throughput.dropped')).toEqual([
      expect.objectContaining({ values: { node: null, rust: null }, better: null, ratios: [expect.objectContaining({ contender: 'node', verdict: interleavedNote })] }),
    ]);
    // and compare.html shows dashes for both routes, colours neither, and gives the total
    const html = await readFile(path.join(dir, 'h', 'compare.html'), 'utf8');
    const droppedRow = /<tr data-metric="throughput\.dropped">([\s\S]*?)<\/tr>/.exec(html)?.[1];
    expect(droppedRow).toMatch(/<td class="num">–<\/td><td class="num">–<\/td>/);
    expect(droppedRow).toContain(`<td class="verdict">${interleavedNote}</td>`);
    expect(droppedRow).not.toMatch(/class="[^"]*better/);
  });

  it('writes compare.md and compare.json beside a valid run', async () => {
    const file = write('f/ramp.summary.json', runSummary(10, 5));
    write('f/lambda/reports.jsonl', [...reports('node', 20, 8, 98, 1, 400), ...reports('rust', 20, 4, 9, 1, 60)].map((r) => JSON.stringify(r)).join('\n'));
    expect((await compare(path.dirname(file))).code).toBe(0);
    const json = JSON.parse(await readFile(path.join(dir, 'f', 'compare.json'), 'utf8'));
    expect(json).toMatchObject({ schema: 'lambda-duel/compare@2', contenders: ['node', 'rust'], reference: 'rust' });
    expect(await readFile(path.join(dir, 'f', 'compare.md'), 'utf8')).toMatch(/\| latency p95 \| 20\.0 ms \| 10\.0 ms \| 2\.00× \| rust 2\.00× faster/);
  });

  it('still reads a lambda-duel/summary@1 run, as Node against Rust', async () => {
    // Given a run written before summaries listed their contenders
    const { run, routes } = runSummary(10, 5);
    const { contenders: _listed, ...facts } = run;
    const v1: RunSummaryV1 = { schema: 'lambda-duel/summary@1', run: facts, routes: { node: routes.node!, rust: routes.rust! } };
    const file = write('v1/ramp.summary.json', v1);
    // When it is compared
    expect((await compare(path.dirname(file))).code).toBe(0);
    // Then its two routes are the contenders, with Rust the reference, as that version always had them
    const json = JSON.parse(await readFile(path.join(dir, 'v1', 'compare.json'), 'utf8'));
    expect(json).toMatchObject({ contenders: ['node', 'rust'], reference: 'rust' });
    expect(await readFile(path.join(dir, 'v1', 'compare.md'), 'utf8')).toMatch(/\| latency p95 \| 20\.0 ms \| 10\.0 ms \| 2\.00× \| rust 2\.00× faster/);
  });

  it('takes the ratios against the contender --reference names', async () => {
    // Given a valid run, When it is compared against Node
    const file = write('r/ramp.summary.json', runSummary(10, 5));
    expect((await compare(path.dirname(file), '--reference', 'node')).code).toBe(0);
    // Then the ratio is Rust's over Node's, and the verdict still names the faster
    const markdown = await readFile(path.join(dir, 'r', 'compare.md'), 'utf8');
    expect(markdown).toContain('| metric | node | rust | rust/node | verdict |');
    expect(markdown).toMatch(/\| latency p95 \| 20\.0 ms \| 10\.0 ms \| 0\.50× \| rust 2\.00× faster/);
  });
});

describe('the writes a run left behind', () => {
  const whole = (created: number): ContenderWrites => ({
    created,
    objects: created,
    items: created,
    paired: created,
    orphanObjects: { count: 0, keys: [] },
    danglingItems: { count: 0, keys: [] },
  });

  it('are compared per contender when the run was reconciled, an orphan object against none', () => {
    // Given Node's stores hold one object whose item never came, and Rust's every write whole
    const node = { ...whole(40), objects: 41, orphanObjects: { count: 1, keys: ['node/4b1c'] } };
    const reconciliation: Reconciliation = { schema: 'lambda-duel/reconciliation@1', stores: 'local', checkedAt: '2026-12-01T00:00:00Z', contenders: { node, rust: whole(40) } };
    // When the run is compared
    const comparison = comparisonOf(runSummary(10, 5), reconciliation);
    // Then the orphan is Node's, no write was lost, and the table says so
    expect(rowOf(comparison, 'writes.orphans')).toMatchObject({ values: { node: 1, rust: 0 }, ratios: [{ verdict: expect.stringMatching(/^rust/) }] });
    expect(rowOf(comparison, 'writes.lost').values).toEqual({ node: 0, rust: 0 });
    expect(rowOf(comparison, 'writes.dangling').values).toEqual({ node: 0, rust: 0 });
    expect(renderTerminal(comparison)).toMatch(/Writes \(reconciled, the run's own stores\)\n(.*\n)*\s+orphan objects\s+1\s+0/);
  });

  it('are left out of a run that was not reconciled', () => {
    expect(comparisonOf().rows.filter((row) => row.group.startsWith('Writes'))).toEqual([]);
  });
});

describe('the contenders a comparison shows', () => {
  it('are the run\'s, against Rust, unless CONTENDERS picks some and --reference another', () => {
    const run = runSummary(10, 5);
    expect(comparedContenders(run)).toEqual({ contenders: ['node', 'rust'], reference: 'rust' });
    expect(comparedContenders(run, { reference: 'node' })).toEqual({ contenders: ['node', 'rust'], reference: 'node' });
    // and a run of Node alone is its own reference, with values and no ratio
    const alone = comparisonOf(run, null, comparedContenders(run, { contenders: 'node' }));
    expect(alone).toMatchObject({ contenders: ['node'], reference: 'node' });
    expect(rowOf(alone, 'latency.p95')).toEqual(expect.objectContaining({ values: { node: 20 }, ratios: [] }));
    expect(renderTerminal(alone)).toMatch(/^ {2}latency p95 +20\.0 ms$/m);
  });

  it('take a column each, and a ratio and a verdict each against the reference', () => {
    // Given a comparison of three contenders (a third one named as the declaration would add it)
    const third = 'python' as ContenderName;
    const two = comparisonOf();
    const comparison: Comparison = {
      ...two,
      contenders: ['node', 'rust', third],
      rows: two.rows.map((row) => ({ ...row, values: { ...row.values, [third]: row.values.rust ?? null }, ratios: [...row.ratios, { contender: third, ratio: 1, interval: null, verdict: 'equal' }] })),
    };
    // When it is rendered, Then each contender has its column, then each ratio against Rust and its verdict
    const terminal = renderTerminal(comparison);
    expect(terminal).toMatch(/^ +node +rust +python +node\/rust +python\/rust +verdict node\/rust +verdict python\/rust$/m);
    expect(terminal).toMatch(/^ {2}latency p95 +20\.0 ms +10\.0 ms +10\.0 ms +2\.00× +1\.00× +rust 2\.00× faster \(no interval: run with RAW=1\) +equal$/m);
    expect(renderMarkdown(comparison)).toContain('| metric | node | rust | python | node/rust | python/rust | verdict node/rust | verdict python/rust |');
    expect(terminal).toMatch(/^lambda-duel: Node vs Rust vs Python — ramp/);
  });
});
