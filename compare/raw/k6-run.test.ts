import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions } from '../../functions.config.ts';
import { contenderNames } from '../../functions.config.ts';
import { reportedStatuses, type Env } from '../../k6.config.ts';
import { startStandIn, type StandIn } from '../../local/stand-in.ts';
import { storageFromEnv } from '../../local/storage/index.ts';
import type { RunSummary, Trend, TrendKey } from '../../formats/summary.ts';
import { repoRoot, toolPaths } from '../../toolchain/paths.ts';
import { readSummary } from '../summary-file.ts';
import type { Histogram } from './histogram.ts';
import { readRawRun, type RawRun } from './read-raw.ts';

const run = promisify(execFile);
/** k6 with the test's variables as `-e` options and nothing else of this process's environment (vitest sets MODE, for one). */
const k6 = ([command, ...args]: string[], env: Env) =>
  run(toolPaths.k6, [command!, ...Object.entries(env).map(([name, value]) => `--env=${name}=${value}`), ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, K6_NO_USAGE_REPORT: 'true', K6_INCLUDE_SYSTEM_ENV_VARS: 'false' },
    maxBuffer: 64 * 1024 * 1024,
  });

/** k6's exit code when a threshold fails. */
const thresholdsCrossed = 99;

const percentiles: Array<[TrendKey, number]> = [['med', 50], ['p(90)', 90], ['p(95)', 95], ['p(99)', 99], ['p(99.9)', 99.9]];

/** The histogram says what k6's summary says: min and max exactly, percentiles within the histogram's precision. */
function expectSameTrend(histogram: Histogram, trend: Trend | null): void {
  if (trend === null) return void expect(histogram.count).toBe(0);
  expect([histogram.min, histogram.max]).toEqual([trend.min, trend.max]);
  expect(histogram.mean).toBeCloseTo(trend.avg, 6);
  for (const [key, p] of percentiles) {
    expect(Math.abs(histogram.k6Percentile(p) - trend[key]), `${key}: ${histogram.k6Percentile(p)} against k6's ${trend[key]}`).toBeLessThanOrEqual(trend[key] * histogram.relativeError);
  }
}

describe('the raw output of a real k6 run against the stand-in', () => {
  let standIn: StandIn;
  let dir: string;
  let summary: RunSummary;
  let gzipped: RawRun;
  let plain: RawRun;

  beforeAll(async () => {
    // Given a smoke run of both routes, its raw output written gzipped and plain
    dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-raw-k6-'));
    standIn = await startStandIn({ functions: [functions.node, functions.rust, functions.baseline], storage: storageFromEnv(process.env), logDir: path.join(dir, 'lambda') });
    const outputs = ['raw.json.gz', 'raw.json'].flatMap((name) => ['--out', `json=${path.join(dir, name)}`]);
    await k6(['run', '--quiet', ...outputs, path.join(repoRoot, 'dist', 'smoke.js')], { BASE_URL: standIn.url, RESULTS_DIR: dir, RUN_ID: 'raw-test', DURATION: '5s', RATE: '120' }).catch(
      // 99: thresholds crossed (a busy machine, a throttled request): the outputs are whole all the same, and failures worth reading
      (error: { code?: number }) => {
        if (error.code !== thresholdsCrossed) throw error;
      },
    );
    // When k6's summary and the raw output are read
    summary = await readSummary(path.join(dir, 'smoke.summary.json'));
    [gzipped, plain] = await Promise.all([readRawRun(path.join(dir, 'raw.json.gz')), readRawRun(path.join(dir, 'raw.json'))]);
  }, 120_000);

  afterAll(async () => {
    await standIn?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("gives every route the summary's requests, failures and latency, to 3 significant digits", () => {
    for (const route of contenderNames) {
      const raw = gzipped.routes[route]!;
      const reported = summary.routes[route]!;
      expect(reported.requests).toBeGreaterThan(20);
      expect([raw.requests, raw.latency.count]).toEqual([reported.requests, reported.requests]);
      expect(raw.failures.total).toBe(reported.failures.total);
      const reportedByStatus = Object.entries(raw.failures.byStatus).filter(([status]) => (reportedStatuses as readonly number[]).includes(Number(status)));
      expect(Object.fromEntries(reportedByStatus)).toEqual(reported.failures.byStatus);
      expectSameTrend(raw.latency, reported.latencyMs);
    }
  });

  it("splits cold from warm as the summary does, every answered request in one of them", () => {
    for (const route of contenderNames) {
      const raw = gzipped.routes[route]!;
      expect(raw.cold.count).toBe(summary.routes[route]!.cold.count);
      expectSameTrend(raw.cold, summary.routes[route]!.cold.latencyMs);
      expectSameTrend(raw.warm, summary.routes[route]!.warm.latencyMs);
      expect(raw.cold.count + raw.warm.count).toBe(raw.requests - raw.failures.total);
    }
  });

  it('places every request in a window within the run, and samples them all when they are few', () => {
    expect(gzipped.startMs).toBeGreaterThanOrEqual(Date.parse(summary.run.startedAt));
    expect(gzipped.endMs).toBeLessThanOrEqual(Date.parse(summary.run.endedAt));
    for (const route of contenderNames) {
      const raw = gzipped.routes[route]!;
      expect(raw.windows.reduce((sum, window) => sum + window.requests, 0)).toBe(raw.requests);
      expect(raw.sampleMs).toHaveLength(raw.requests);
    }
  });

  it('reads the same from the plain file as from the gzipped one', () => {
    const figures = (raw: RawRun) => ({
      lines: raw.lines,
      routes: contenderNames.map((route) => {
        const { latency, requests, failures, cold, windows } = raw.routes[route]!;
        return { requests, failures, cold: cold.count, p99: latency.k6Percentile(99), buckets: latency.buckets(), windows };
      }),
    });
    expect(figures(plain)).toEqual(figures(gzipped));
  });
});
