import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { equalSegments, segmentsDir } from '../../formats/segments.ts';
import type { RouteSummary, RunSummary } from '../../formats/summary.ts';
import { CommandError } from '../../toolchain/command.ts';
import { loadRun } from '../load-run.ts';
import { request } from '../testing/raw-lines.ts';
import { routeSummary, runSummary } from '../testing/run-results.ts';
import { linkSegments, writeMergedSummary } from './merged-folder.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-merge-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Sample {
  route: 'node' | 'rust';
  ms: number;
  status?: string;
  cold?: boolean;
}

/** One segment's folder as a k6 instance leaves it: its summary (counts matching its samples) and its raw output. */
function segmentFolder(dir: string, index: number, count: number, samples: Sample[], run: Partial<RunSummary['run']> = {}, threshold?: RouteSummary['thresholds'][number]): string {
  mkdirSync(dir, { recursive: true });
  const route = (name: 'node' | 'rust') => {
    const own = samples.filter((sample) => sample.route === name);
    const failed = own.filter((sample) => (sample.status ?? '201') !== '201');
    return routeSummary(1, {
      requests: own.length,
      failures: { total: failed.length, rate: own.length ? failed.length / own.length : 0, byStatus: failed.length ? { [failed[0]!.status!]: failed.length } : {} },
      cold: { count: own.filter((sample) => sample.cold).length, latencyMs: null },
      checks: { passes: own.length - failed.length, fails: failed.length },
      thresholds: threshold && name === 'node' ? [threshold] : [],
    });
  };
  const summary: RunSummary = { ...runSummary(1, 1, { segment: equalSegments(count)[index - 1], ...run }), routes: { node: route('node'), rust: route('rust') } };
  writeFileSync(path.join(dir, `${summary.run.scenario}.summary.json`), JSON.stringify(summary));
  const lines = samples.flatMap((sample, at) => request(sample.route, new Date(Date.parse('2026-11-23T10:00:10Z') + at * 100).toISOString(), sample.ms, { status: sample.status, cold: sample.cold }));
  writeFileSync(path.join(dir, `${summary.run.scenario}.raw.json.gz`), gzipSync(`${lines.join('\n')}\n`));
  return dir;
}

const many = (route: 'node' | 'rust', ms: number, times: number): Sample[] => Array.from({ length: times }, () => ({ route, ms }));

/** A run folder holding the given segments under segments/<i>-of-<n>/. */
function runFolder(name: string, segments: Array<[number, number, Sample[], Partial<RunSummary['run']>?]>): string {
  const dir = path.join(root, name);
  for (const [index, count, samples, run] of segments) segmentFolder(path.join(dir, segmentsDir, `${index}-of-${count}`), index, count, samples, run);
  return dir;
}

const refusal = async (dir: string) => writeMergedSummary(dir).then(() => 'merged', (error: unknown) => (error instanceof CommandError ? `${error.exitCode}: ${error.message}` : String(error)));

describe('merging the segments of a run', () => {
  it('adds the counts and takes the percentiles of every request, not the mean of the segments', async () => {
    // Given node's requests split unevenly: 3 fast in one segment, 2 slow (one a 502) and a cold start in the other
    const dir = runFolder('uneven', [
      [1, 2, [{ route: 'node', ms: 10 }, { route: 'node', ms: 20 }, { route: 'node', ms: 30 }, { route: 'rust', ms: 5, cold: true }]],
      [2, 2, [{ route: 'node', ms: 100, cold: true }, { route: 'node', ms: 200, status: '502' }, { route: 'rust', ms: 6 }]],
    ]);
    // When they are merged
    const merged = (await writeMergedSummary(dir))!.summary;
    // Then the counts are the segments' added
    expect(merged.run.segments).toBe(2);
    expect(merged.run.segment).toBeUndefined();
    const node = merged.routes.node!;
    expect([node.requests, node.failures.total, node.failures.byStatus, node.cold.count, node.checks]).toEqual([5, 1, { '502': 1 }, 1, { passes: 4, fails: 1 }]);
    // and the median is the middle one of all five (30), where the segments' medians average 85
    expect(node.latencyMs!.med).toBeCloseTo(30, 1);
    expect([node.latencyMs!.min, node.latencyMs!.max, node.latencyMs!.avg]).toEqual([10, 200, 72]);
    // and the file is written where every reader of the run finds it, with every segment's raw output
    const run = await loadRun(dir);
    expect(run.summary.routes.node!.requests).toBe(5);
    expect(run.raw!.files).toHaveLength(2);
  });

  it("judges the thresholds again on the whole: one segment's slow share does not fail the run", async () => {
    // Given a p95 budget of 50 ms that the small first segment broke and the large second one kept
    const threshold = { metric: 'http_req_duration{route:node}', threshold: 'p(95)<50', ok: false };
    const dir = path.join(root, 'thresholds');
    segmentFolder(path.join(dir, segmentsDir, '1-of-2'), 1, 2, many('node', 80, 2), {}, threshold);
    segmentFolder(path.join(dir, segmentsDir, '2-of-2'), 2, 2, many('node', 10, 60), {}, { ...threshold, ok: true });
    // When merged, the whole's p95 is 10 ms: the threshold holds
    const merged = (await writeMergedSummary(dir))!.summary;
    expect(merged.routes.node!.thresholds).toEqual([{ ...threshold, ok: true }]);
  });

  it.each([
    ['a segment missing', [[1, 3, many('node', 1, 1)], [3, 3, many('node', 1, 1)]], /^2: the segments do not cover the test: 1\/3:2\/3 is missing$/],
    ['the last segment missing', [[1, 2, many('node', 1, 1)]], /^2: the segments do not cover the test: 1\/2:1 is missing$/],
    ['segments of two splits', [[1, 2, many('node', 1, 1)], [1, 3, many('node', 1, 1)], [2, 2, many('node', 1, 1)]], /^2: segments of different --execution-segment-sequence: 0,1\/2,1 and 0,1\/3,2\/3,1$/],
    ['another test', [[1, 2, many('node', 1, 1)], [2, 2, many('node', 1, 1), { scenario: 'smoke' }]], /^2: segments of different tests: ramp and smoke$/],
    ['another run', [[1, 2, many('node', 1, 1)], [2, 2, many('node', 1, 1), { id: 'other-run' }]], /^2: segments of different runs: fixture-run and other-run$/],
    ['another rate', [[1, 2, many('node', 1, 1)], [2, 2, many('node', 1, 1), { rate: 40 }]], /^2: segments of different loads: MODE=interleaved RATE=20 .* and MODE=interleaved RATE=40/],
    ['a run at another time', [[1, 2, many('node', 1, 1)], [2, 2, many('node', 1, 1), { startedAt: '2026-11-23T11:00:00.000Z', endedAt: '2026-11-23T11:02:30.000Z' }]], /^2: segments of different runs: .* started at 2026-11-23T11:00:00.000Z, after .* ended at/],
    ['an aborted segment', [[1, 2, many('node', 1, 1)], [2, 2, many('node', 1, 1), { aborted: 'aborted in setup, before any load' }]], /^2: .*2-of-2: segment 1\/2:1 aborted in setup, before any load: the run is not whole$/],
  ] as const)('refuses %s in one line, exit 2', async (name, segments, message) => {
    expect(await refusal(runFolder(name.replaceAll(' ', '-'), segments as never))).toMatch(message);
  });

  it('refuses a raw output that holds fewer requests than its summary', async () => {
    const dir = runFolder('cut-short', [[1, 2, many('node', 1, 3)], [2, 2, many('node', 1, 3)]]);
    const raw = path.join(dir, segmentsDir, '2-of-2', 'ramp.raw.json.gz');
    writeFileSync(raw, gzipSync(request('node', '2026-11-23T10:00:10Z', 1).join('\n')));
    expect(await refusal(dir)).toBe('2: route node: the segments\' raw outputs hold 4 requests, their summaries 6: a raw output is incomplete');
  });

  it('refuses a segment without its raw output, and reads a plain one', async () => {
    const dir = runFolder('plain', [[1, 2, many('node', 1, 1)], [2, 2, many('node', 2, 1)]]);
    const gzipped = path.join(dir, segmentsDir, '2-of-2', 'ramp.raw.json.gz');
    const plain = gzipped.replace(/\.gz$/, '');
    writeFileSync(plain, readFileSync(gzipped).length > 0 ? (await import('node:zlib')).gunzipSync(readFileSync(gzipped)) : '');
    rmSync(gzipped);
    expect((await writeMergedSummary(dir))!.summary.routes.node!.requests).toBe(2);
    rmSync(plain);
    expect(await refusal(dir)).toMatch(/^2: .*2-of-2: no raw output \(ramp.raw.json.gz or ramp.raw.json\)/);
  });

  it('refuses the same segment given twice, and leaves no half-made folder behind', async () => {
    const a = segmentFolder(path.join(root, 'twice-a'), 1, 2, many('node', 10, 1));
    const b = segmentFolder(path.join(root, 'twice-b'), 1, 2, many('node', 10, 1));
    const out = path.join(root, 'twice');
    const refused = await linkSegments([a, b], out).then(() => 'merged', (error: unknown) => (error as Error).message);
    expect(refused).toMatch(/^segment 0:1\/2 .*twice-b\) overlaps another: a segment given twice\?$/);
    expect(existsSync(out)).toBe(false);
  });

  it('links folders from elsewhere into one run and merges them there', async () => {
    // Given two machines' segment folders, named as their machines named them
    const a = segmentFolder(path.join(root, 'machine-a', 'results'), 1, 2, many('node', 10, 2));
    const b = segmentFolder(path.join(root, 'machine-b', 'results'), 2, 2, many('node', 20, 2));
    // When they are brought together
    const out = path.join(root, 'together');
    const merged = await linkSegments([b, a], out);
    // Then the merged folder names them by segment, and holds the whole run
    expect(merged.summary.routes.node!.requests).toBe(4);
    expect((await loadRun(out)).raw!.files.map((file) => path.relative(out, file))).toEqual(['segments/1-of-2/ramp.raw.json.gz', 'segments/2-of-2/ramp.raw.json.gz']);
  });
});
