import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contenderNames } from '../functions.config.ts';
import { interleavedRoute, readSettings, uploadPlanVariable, type Env } from '../k6.config.ts';
import type { UploadPlan } from '../formats/upload-plan.ts';
import { readSummary, summaryErrors } from '../compare/summary-file.ts';
import { startStandIn, type StandIn } from '../local/stand-in.ts';
import { storageFromEnv } from '../local/storage/index.ts';
import { repoRoot, toolPaths } from '../toolchain/paths.ts';
import { scenarioEntries } from './bundle.ts';

const run = promisify(execFile);
/** k6 with the test's variables as `-e` options and nothing else of this process's environment (vitest sets MODE, for one). */
const k6 = ([command, ...args]: string[], env: Env = {}) =>
  run(toolPaths.k6, [command!, ...Object.entries(env).map(([name, value]) => `--env=${name}=${value}`), ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, K6_NO_USAGE_REPORT: 'true', K6_INCLUDE_SYSTEM_ENV_VARS: 'false' },
    maxBuffer: 64 * 1024 * 1024,
  });
const noOutputs = () => undefined;

/** A plan of one upload of a one-pixel PNG, enough for k6 to load the thumbnails test. */
async function tinyUploadPlan(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-plan-'));
  const photo = path.join(dir, 'dot.png');
  await writeFile(photo, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'));
  const plan: UploadPlan = { photos: [{ name: 'dot', file: photo, contentType: 'image/png' }], uploads: [{ contender: 'node', photo: 'dot', key: 'uploads/node/t/dot.png', url: 'http://127.0.0.1:9/' }] };
  const file = path.join(dir, 'plan.json');
  await writeFile(file, JSON.stringify(plan));
  return file;
}

describe('k6.config.ts settings', () => {
  it('defaults to the local stand-in, interleaved', () => {
    expect(readSettings({}, noOutputs)).toMatchObject({ baseUrl: 'http://127.0.0.1:3210', target: 'local', mode: 'interleaved' });
  });

  it('labels a BASE_URL given without a TARGET as what it is, a URL, and loads it with the local defaults', () => {
    expect(readSettings({ BASE_URL: 'http://10.0.0.7:8080/' }, noOutputs)).toMatchObject({ baseUrl: 'http://10.0.0.7:8080', target: 'url', mode: 'interleaved', rate: 20 });
    expect(readSettings({ BASE_URL: 'https://api.example.com', TARGET: 'aws' }, noOutputs)).toMatchObject({ target: 'aws', mode: 'parallel', rate: 50 });
    expect(readSettings({ BASE_URL: 'http://127.0.0.1:3210', TARGET: 'local' }, noOutputs)).toMatchObject({ target: 'local' });
  });

  it('rejects bad input with one clear line each', () => {
    expect(() => readSettings({ BASE_URL: 'localhost:3000' }, noOutputs)).toThrow("invalid BASE_URL: expected an http(s) URL, got 'localhost:3000'");
    expect(() => readSettings({ MODE: 'random' }, noOutputs)).toThrow("invalid MODE: expected one of parallel, sequential, interleaved, got 'random'");
    expect(() => readSettings({ TARGET: 'gcp' }, noOutputs)).toThrow("invalid TARGET: expected one of local, aws, got 'gcp'");
    expect(() => readSettings({ RATE: '-3' }, noOutputs)).toThrow("invalid RATE: expected a positive number, got '-3'");
    expect(() => readSettings({ DURATION: 'soon' }, noOutputs)).toThrow("invalid DURATION: expected a length like 90s, 30m or 2h, got 'soon'");
    expect(() => readSettings({ TARGET: 'aws' }, noOutputs)).toThrow('TARGET=aws needs BASE_URL or results/aws/outputs.json (written by npm run deploy)');
  });

  it('finds the API on AWS in the deploy outputs, in parallel mode', () => {
    const outputs = JSON.stringify({ LambdaDuel: { ApiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/', BucketName: 'b' } });
    expect(readSettings({ TARGET: 'aws' }, () => outputs)).toMatchObject({
      baseUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com',
      mode: 'parallel',
    });
  });

  it('takes turns between the routes in blocks, every contender in its order', () => {
    expect([0, 999, 1000, 1999, 2000].map((ms) => interleavedRoute(ms, 1, ['node', 'rust']))).toEqual(['node', 'node', 'rust', 'rust', 'node']);
    expect([0, 1000, 2000].map((ms) => interleavedRoute(ms, 1, ['rust']))).toEqual(['rust', 'rust', 'rust']);
  });

  it('measures every declared contender unless CONTENDERS names some, and refuses a name it does not know', () => {
    expect(readSettings({}, noOutputs).contenders).toEqual(contenderNames);
    // Given names in any order, with spaces, Then they are kept in the declaration's order
    expect(readSettings({ CONTENDERS: ' rust , node' }, noOutputs).contenders).toEqual(['node', 'rust']);
    expect(readSettings({ CONTENDERS: 'rust' }, noOutputs).contenders).toEqual(['rust']);
    // and a typo, an empty name or the baseline (no contender) is one line naming the declared ones
    const expected = `expected some of ${contenderNames.join(', ')}`;
    expect(() => readSettings({ CONTENDERS: 'node,nod' }, noOutputs)).toThrow(`invalid CONTENDERS: ${expected}, got 'nod'`);
    expect(() => readSettings({ CONTENDERS: '' }, noOutputs)).toThrow(`invalid CONTENDERS: ${expected}, got ''`);
    expect(() => readSettings({ CONTENDERS: 'baseline' }, noOutputs)).toThrow(`invalid CONTENDERS: ${expected}, got 'baseline'`);
  });
});

describe('the bundled load tests', () => {
  let bundles: string[];
  beforeAll(async () => {
    // The global setup bundled them (scenarios/test-setup.ts).
    bundles = scenarioEntries().map((entry) => path.join(repoRoot, 'dist', `${path.basename(entry, '.ts')}.js`));
  });

  it('are one k6 script per test, each a valid one that k6 can inspect and archive', async () => {
    expect(bundles.map((file) => path.basename(file)).sort()).toEqual(['2h_test.js', 'coldstart.js', 'ramp.js', 'smoke.js', 'soak.js', 'thumbnails.js']);
    const plan = await tinyUploadPlan();
    for (const bundle of bundles) {
      const { stdout } = await k6(['inspect', bundle], { [uploadPlanVariable]: plan });
      expect(Object.keys(JSON.parse(stdout).scenarios).length).toBeGreaterThan(0);
    }
    const archive = path.join(mkdtempSync(path.join(os.tmpdir(), 'k6-archive-')), '2h.tar');
    await k6(['archive', '--quiet', '-O', archive, bundles.find((file) => file.endsWith('2h_test.js'))!]);
  });

  it('upload photos in turns to every contender at RATE each, one planned upload an iteration, and refuse to run without a plan', async () => {
    const { stdout } = await k6(['inspect', path.join(repoRoot, 'dist', 'thumbnails.js')], { [uploadPlanVariable]: await tinyUploadPlan(), RATE: '2', DURATION: '30s' });
    const { scenarios } = JSON.parse(stdout) as { scenarios: Record<string, { executor: string; exec: string; rate: number; timeUnit: string; duration: string }> };
    expect(scenarios).toEqual({ uploads: expect.objectContaining({ executor: 'constant-arrival-rate', exec: 'upload', rate: 2 * contenderNames.length * 60, timeUnit: '1m0s', duration: '30s' }) });
    const failed = await k6(['inspect', path.join(repoRoot, 'dist', 'thumbnails.js')]).catch((error: { stderr: string }) => error);
    expect((failed as { stderr: string }).stderr).toContain(`${uploadPlanVariable} is not set`);
  });

  it('in parallel mode give each route its own scenario at the full rate, all running the one route function', async () => {
    const { stdout } = await k6(['inspect', path.join(repoRoot, 'dist', 'ramp.js')], { MODE: 'parallel', RATE: '30' });
    const { scenarios } = JSON.parse(stdout) as { scenarios: Record<string, { exec: string; env: Record<string, string>; stages: Array<{ target: number }> }> };
    expect(Object.keys(scenarios).sort()).toEqual([...contenderNames].sort());
    expect(scenarios.node?.stages.at(-1)?.target).toBe(30 * 60);
    // and each scenario's env names its route for that function
    for (const route of contenderNames) expect(scenarios[route]).toMatchObject({ exec: 'route', env: { ROUTE: route } });
  });

  it('load only the contenders CONTENDERS names, and refuse an unknown one at init', async () => {
    // Given the ramp test with Rust alone, inspected in parallel mode
    const { stdout } = await k6(['inspect', path.join(repoRoot, 'dist', 'ramp.js')], { MODE: 'parallel', CONTENDERS: 'rust' });
    const { scenarios, thresholds } = JSON.parse(stdout) as { scenarios: Record<string, unknown>; thresholds: Record<string, unknown> };
    // Then Rust has the one scenario and the only per-route thresholds
    expect(Object.keys(scenarios)).toEqual(['rust']);
    expect(Object.keys(thresholds).filter((name) => name.includes('route:')).every((name) => name.includes('route:rust'))).toBe(true);
    // and a name nobody declared stops k6 with the same line the runner gives
    const failed = await k6(['inspect', path.join(repoRoot, 'dist', 'ramp.js')], { CONTENDERS: 'nod' }).catch((error: { stderr: string }) => error);
    expect((failed as { stderr: string }).stderr).toContain(`invalid CONTENDERS: expected some of ${contenderNames.join(', ')}, got 'nod'`);
  });

  it('count dropped iterations per route only where a scenario serves one route alone', async () => {
    // Given the ramp test inspected in each mode
    const droppedThresholds = async (mode: string) => {
      const { stdout } = await k6(['inspect', path.join(repoRoot, 'dist', 'ramp.js')], { MODE: mode });
      return Object.keys((JSON.parse(stdout) as { thresholds: Record<string, unknown> }).thresholds).filter((name) => name.startsWith('dropped_iterations')).sort();
    };
    // When k6 reads its thresholds, Then parallel and sequential runs surface each route's scenario beside the total
    const perRoute = ['dropped_iterations', ...contenderNames.map((route) => `dropped_iterations{scenario:${route}}`)].sort();
    expect(await droppedThresholds('parallel')).toEqual(perRoute);
    expect(await droppedThresholds('sequential')).toEqual(perRoute);
    // and an interleaved run, whose one scenario serves both routes, only the total
    expect(await droppedThresholds('interleaved')).toEqual(['dropped_iterations']);
  });

  it('count no dropped iterations in the cold-start test, whose one VU runs a fixed number of iterations', async () => {
    // When k6 reads the cold-start test's thresholds
    const { stdout } = await k6(['inspect', path.join(repoRoot, 'dist', 'coldstart.js')], {});
    // Then none is about dropped iterations, which its executor cannot have
    expect(Object.keys((JSON.parse(stdout) as { thresholds: Record<string, unknown> }).thresholds).filter((name) => name.startsWith('dropped_iterations'))).toEqual([]);
  });

  it('fail fast, in one line, when nothing answers at the target, with a summary that claims no threshold held', async () => {
    // Given a target where nothing listens
    const resultsDir = mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-k6-unreachable-'));
    const failed = await k6(['run', '--quiet', path.join(repoRoot, 'dist', 'smoke.js')], { BASE_URL: 'http://127.0.0.1:9', DURATION: '2s', RESULTS_DIR: resultsDir }).catch(
      (error: { code: number; stderr: string; stdout: string }) => error,
    );
    // Then setup aborts the test, saying why
    expect(failed).toMatchObject({ code: expect.any(Number) });
    expect((failed as { stderr: string }).stderr).toMatch(/target unreachable: http:\/\/127\.0\.0\.1:9/);
    // and the summary says the test was aborted and its thresholds not run, labelled with the URL's target
    const summary = await readSummary(path.join(resultsDir, 'smoke.summary.json'));
    expect(summaryErrors(summary)).toEqual([]);
    expect(summary.run).toMatchObject({ target: 'url', aborted: expect.stringMatching(/^aborted in setup/) });
    expect((failed as { stdout: string }).stdout).toMatch(/thresholds\s+not run\s+not run/);
  });
});

describe('a real k6 run against the stand-in', () => {
  let standIn: StandIn;
  let resultsDir: string;

  beforeAll(async () => {
    resultsDir = mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-k6-'));
    standIn = await startStandIn({ storage: storageFromEnv(process.env), logDir: path.join(resultsDir, 'lambda') });
    await k6(['run', '--quiet', '--out', `json=${path.join(resultsDir, 'raw.json.gz')}`, path.join(repoRoot, 'dist', 'smoke.js')], {
      BASE_URL: standIn.url,
      TARGET: 'local',
      RESULTS_DIR: resultsDir,
      RUN_ID: 'test-run',
      DURATION: '5s',
      RATE: '40',
    });
  }, 120_000);
  afterAll(() => standIn?.stop());

  it('writes a summary that validates against the schema, with requests on both routes', async () => {
    const summary = await readSummary(path.join(resultsDir, 'smoke.summary.json'));
    expect(summaryErrors(summary)).toEqual([]);
    expect(summary.run).toMatchObject({ id: 'test-run', scenario: 'smoke', target: 'local', mode: 'interleaved' });
    for (const route of contenderNames) {
      expect(summary.routes[route]!.requests).toBeGreaterThan(0);
      expect(summary.routes[route]!.failures.total).toBe(0);
      expect(summary.routes[route]!.latencyMs?.med).toBeGreaterThan(0);
      expect(summary.routes[route]!.cold.count + (summary.routes[route]!.warm.latencyMs ? 1 : 0)).toBeGreaterThan(0);
    }
  });

  it('in interleaved mode records the dropped iterations of the run, and none per route', async () => {
    // Given the summary of a run whose one scenario served both routes
    const summary = await readSummary(path.join(resultsDir, 'smoke.summary.json'));
    // Then it has the run's total, a count even when nothing was dropped, and no route claims a share
    expect(summary.run.droppedIterations).toEqual(expect.any(Number));
    for (const route of contenderNames) expect(summary.routes[route]).not.toHaveProperty('droppedIterations');
  });

  it('in interleaved mode takes the routes in turn block by block, every one in each round of blocks', async () => {
    // Given every request of the run, from k6's raw output
    const lines = gunzipSync(await readFile(path.join(resultsDir, 'raw.json.gz'))).toString('utf8').split('\n');
    const requests = lines
      .filter((line) => line.includes('"metric":"http_reqs"') && line.includes('"type":"Point"'))
      .map((line) => JSON.parse(line) as { data: { time: string; tags: { route?: string } } })
      .filter((point) => point.data.tags.route)
      .map((point) => ({ at: Date.parse(point.data.time), route: point.data.tags.route! }));
    // When they are put in time order
    const ordered = requests.sort((a, b) => a.at - b.at).map((request) => request.route);
    const handOvers = ordered.filter((route, index) => index > 0 && route !== ordered[index - 1]).length;

    // Then the smoke test's 5 s in five turns per route (0.5 s each for two) hand over at each
    // block's end (a slow request finishing after a boundary adds a few), where a random mix would
    // switch at every other request
    const blocks = contenderNames.length * 5;
    expect(handOvers).toBeGreaterThanOrEqual(blocks - 3);
    expect(handOvers).toBeLessThanOrEqual(blocks * 2);
    for (const route of contenderNames) expect(ordered.filter((each) => each === route).length).toBeGreaterThan((ordered.length / contenderNames.length) * 0.7);
  });
});

describe('a real k6 run in parallel mode against a target whose Node route is slow', () => {
  let target: Server;
  let resultsDir: string;
  let exitCode: number;

  beforeAll(async () => {
    // Given answers that honour the contract, Node's after 4 s: at 10 arrivals/s it needs 40 VUs where k6
    // pre-allocates 20, and each arrival that finds none free is dropped while k6 starts another (up to 80)
    target = createServer((request, response) => {
      const route = request.url?.slice(1) ?? '';
      const id = randomUUID();
      const answer = () => response.writeHead(201, { 'x-cold-start': 'false' }).end(JSON.stringify({ id, runtime: route, key: `${route}/${id}`, coldStart: false }));
      setTimeout(answer, route === 'node' ? 4000 : 0);
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    resultsDir = mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-k6-dropped-'));
    // When the smoke test runs each route in its own scenario
    exitCode = await k6(['run', '--quiet', path.join(repoRoot, 'dist', 'smoke.js')], {
      BASE_URL: `http://127.0.0.1:${(target.address() as AddressInfo).port}`,
      RESULTS_DIR: resultsDir,
      MODE: 'parallel',
      DURATION: '3s',
      RATE: '40',
    }).then(
      () => 0,
      (error: { code: number }) => error.code,
    );
  }, 120_000);
  afterAll(() => target?.close());

  it('records the iterations k6 dropped against the route that fell behind', async () => {
    const summary = await readSummary(path.join(resultsDir, 'smoke.summary.json'));
    // Then the summary is valid, Node's scenario dropped iterations and Rust's none
    expect(summaryErrors(summary)).toEqual([]);
    expect(summary.routes.node!.droppedIterations).toBeGreaterThan(0);
    expect(summary.routes.rust!.droppedIterations).toBe(0);
    // and the run's total is theirs, while k6 fails the run on Node's latency budget (exit code 99)
    expect(summary.run.droppedIterations).toBe(summary.routes.node!.droppedIterations);
    expect(exitCode).toBe(99);
  });
});
