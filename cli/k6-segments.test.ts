import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contenderNames } from '../functions.config.ts';
import { expectedRequests, profiles, readSettings } from '../k6.config.ts';
import { segmentsDir } from '../formats/segments.ts';
import type { RunSummary } from '../formats/summary.ts';
import { CommandError } from '../toolchain/command.ts';
import { runK6, runSegmented } from './run-scenario.ts';

/**
 * A target whose answers take a known time: the n-th request of each route waits 5 + (n × 37 mod
 * 60) ms, and every 15th is a cold start. A run whole and the same run in segments then meet the
 * same latencies, and what differs between them is this machine's noise.
 */
function fakeTarget(): { server: Server; counts: { requests: number; cold: number } } {
  const counts = { requests: 0, cold: 0 };
  const perRoute = new Map<string, number>();
  const server = createServer((request, response) => {
    const route = (request.url ?? '/').slice(1);
    const n = perRoute.get(route) ?? 0;
    perRoute.set(route, n + 1);
    const cold = n % 15 === 0;
    if ((contenderNames as readonly string[]).includes(route)) {
      counts.requests += 1;
      if (cold) counts.cold += 1;
    }
    const id = randomUUID();
    setTimeout(() => {
      response.writeHead(201, { 'content-type': 'application/json', 'x-cold-start': String(cold) });
      response.end(JSON.stringify({ id, runtime: route, key: `${route}/${id}`, coldStart: cold }));
    }, 5 + ((n * 37) % 60));
  });
  return { server, counts };
}

/** k6's own percentile (linear between the sorted samples) of every request in the raw files: the truth a merge must meet. */
function exactPercentile(files: string[], route: string, p: number): number {
  const values = files
    .flatMap((file) => gunzipSync(readFileSync(file)).toString('utf8').split('\n'))
    .filter((line) => line.includes('"http_req_duration"'))
    .map((line) => JSON.parse(line) as { type: string; data: { value: number; tags: Record<string, string> } })
    .filter((sample) => sample.type === 'Point' && sample.data.tags.route === route)
    .map((sample) => sample.data.value)
    .sort((a, b) => a - b);
  const index = (p / 100) * (values.length - 1);
  const below = values[Math.floor(index)]!;
  return below + (values[Math.ceil(index)]! - below) * (index - Math.floor(index));
}

const summaryOf = (dir: string): RunSummary => JSON.parse(readFileSync(path.join(dir, 'smoke.summary.json'), 'utf8')) as RunSummary;
const total = (summary: RunSummary, value: (route: RunSummary['routes'][keyof RunSummary['routes']] & object) => number) =>
  summary.run.contenders.reduce((sum, name) => sum + value(summary.routes[name]!), 0);

describe('a smoke test run whole and as 3 segments', () => {
  const target = fakeTarget();
  let root: string;
  let env: NodeJS.ProcessEnv;
  const served: Record<'whole' | 'segments', { requests: number; cold: number }> = { whole: { requests: 0, cold: 0 }, segments: { requests: 0, cold: 0 } };
  let whole: RunSummary;
  let merged: RunSummary;
  let segmentDirs: string[];
  let exitCodes: number[];

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'lambda-duel-segments-'));
    await new Promise<void>((resolve) => target.server.listen(0, '127.0.0.1', resolve));
    const { port } = target.server.address() as { port: number };
    env = { ...process.env, BASE_URL: `http://127.0.0.1:${port}`, TARGET: 'local', MODE: 'interleaved', RATE: '40', DURATION: '10s', RAW: '1' };
    // One after the other, so neither run takes the other's CPU.
    await mkdir(path.join(root, 'whole'));
    exitCodes = [await runK6('smoke', path.join(root, 'whole'), env)];
    served.whole = { ...target.counts };
    Object.assign(target.counts, { requests: 0, cold: 0 });
    exitCodes.push(await runSegmented('smoke', path.join(root, 'segmented'), 3, env));
    served.segments = { ...target.counts };
    whole = summaryOf(path.join(root, 'whole'));
    merged = summaryOf(path.join(root, 'segmented'));
    segmentDirs = readdirSync(path.join(root, 'segmented', segmentsDir)).map((name) => path.join(root, 'segmented', segmentsDir, name));
  }, 120_000);

  afterAll(async () => {
    target.server.close();
    await rm(root, { recursive: true, force: true });
  });

  it('runs three k6 instances, each its own third, and both runs pass', () => {
    expect(exitCodes).toEqual([0, 0]);
    expect(merged.run.segments).toBe(3);
    expect(segmentDirs.map((dir) => summaryOf(dir).run.segment?.executionSegment).sort()).toEqual(['0:1/3', '1/3:2/3', '2/3:1']);
  });

  it('adds up to the offered load, as the run whole does, and to what the target served', () => {
    const offered = Object.values(expectedRequests(profiles.smoke(readSettings(env, () => undefined)), readSettings(env, () => undefined))).reduce((a, b) => a + b, 0);
    const requests = [total(whole, (route) => route.requests), total(merged, (route) => route.requests)];
    // k6 starts the rate's iterations on a schedule; an arrival at the very end may or may not make it.
    for (const count of requests) expect(Math.abs(count - offered)).toBeLessThanOrEqual(1);
    expect(requests).toEqual([served.whole.requests, served.segments.requests]);
    // Cold starts are the segments' counts joined, every one the target marked.
    expect([total(whole, (route) => route.cold.count), total(merged, (route) => route.cold.count)]).toEqual([served.whole.cold, served.segments.cold]);
  });

  it("takes its percentiles from every request's sample, within the histogram's precision", () => {
    const raws = segmentDirs.map((dir) => path.join(dir, 'smoke.raw.json.gz'));
    for (const name of merged.run.contenders) {
      for (const [key, p] of [['med', 50], ['p(95)', 95], ['p(99)', 99]] as const) {
        const exact = exactPercentile(raws, name, p);
        // 3 significant digits: within 2^-11 of the value, plus the interpolation between two such values.
        expect(Math.abs(merged.routes[name]!.latencyMs![key] - exact)).toBeLessThanOrEqual(exact * 2 ** -10);
      }
    }
  });

  it('agrees with the run whole within the spread of two runs on this machine', () => {
    for (const name of merged.run.contenders) {
      for (const key of ['med', 'p(95)'] as const) {
        const [a, b] = [whole.routes[name]!.latencyMs![key], merged.routes[name]!.latencyMs![key]];
        // The target's waits are the same multiset in both runs up to the requests a route's turn
        // gained or lost at a block's edge; timer and scheduling noise adds a few ms.
        expect(Math.abs(a - b), `${name} ${key}: whole ${a.toFixed(1)} ms, segments ${b.toFixed(1)} ms`).toBeLessThanOrEqual(Math.max(8, 0.2 * a));
      }
    }
  });
});

describe('a segmented run that does not end well', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'lambda-duel-segments-broken-'));
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it("ends with a broken instance's own exit code and its error line, before anything is merged", async () => {
    // Given a target where nothing answers: every instance's setup aborts the test (k6's exit code 108)
    const env = { ...process.env, BASE_URL: 'http://127.0.0.1:9', TARGET: 'local', MODE: 'interleaved', DURATION: '5s' };
    const error = await runSegmented('smoke', path.join(root, 'unreachable'), 2, env).then(
      () => undefined,
      (thrown: unknown) => thrown as CommandError,
    );
    expect(error).toBeInstanceOf(CommandError);
    expect([error!.exitCode, error!.message]).toEqual([108, expect.stringMatching(/^segment 1 of 2 ended with k6's exit code 108: no merged summary, no comparison/)]);
  }, 60_000);

  it('stops every instance when one crosses a threshold with abortOnFail, merges what they sent, and exits 99', async () => {
    // Given a target that fails every request, as AWS does when a deploy is broken (where the error-rate threshold aborts)
    const failing = createServer((_request, response) => response.writeHead(502).end());
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const { port } = failing.address() as { port: number };
    const env = { ...process.env, BASE_URL: `http://127.0.0.1:${port}`, TARGET: 'aws', MODE: 'interleaved', RATE: '8', DURATION: '90s' };
    try {
      // When the test runs in 2 segments
      const started = Date.now();
      const code = await runSegmented('smoke', path.join(root, 'aborted'), 2, env);
      // Then it stops once the threshold may abort (after 30 s), long before its 90 s, with k6's code for a threshold
      expect(code).toBe(99);
      expect(Date.now() - started).toBeLessThan(60_000);
      const merged = summaryOf(path.join(root, 'aborted'));
      expect(merged.run.segments).toBe(2);
      expect(total(merged, (route) => route.failures.total)).toBe(total(merged, (route) => route.requests));
    } finally {
      failing.close();
    }
  }, 120_000);
});
