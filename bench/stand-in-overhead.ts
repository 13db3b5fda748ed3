/**
 * How much the stand-in adds to a request, measured through its no-op `baseline` route against a
 * bare Node HTTP server on the same loopback, in one run with the targets interleaved in blocks.
 * A third target, the floor, is the bare server relaying each request through a second process
 * that does nothing: what two extra loopback hops cost on this machine, which any stand-in that
 * runs the function as its own process pays before doing any work of its own.
 * Prints, at each rate, the added latency at p50 and p99 (median of blocks, and their range), and
 * the no-op route's maximum sustained request rate.
 *
 *   npm run bench:stand-in [-- --rates 200,1000 --blocks 20 --block-seconds 1]
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { functions, stageThrottling } from '../functions.config.ts';
import { reportsFile } from '../formats/report-record.ts';
import { readReports } from '../compare/reports.ts';
import { ascending, median, percentile, range } from '../compare/statistics.ts';
import { spawnTied } from '../local/process/spawn-tied.ts';
import { startStandIn } from '../local/stand-in.ts';
import { repoRoot } from '../toolchain/paths.ts';
import { positive, readOptions } from './arguments.ts';

const args = readOptions({
  rates: { type: 'string', default: '200,1000' },
  blocks: { type: 'string', default: '20' },
  'block-seconds': { type: 'string', default: '1' },
  concurrency: { type: 'string', default: '16' },
});
const rates = args.rates.split(',').map((rate) => positive('rates', rate));
const plan = { blocks: positive('blocks', args.blocks, { integer: true }), blockSeconds: positive('block-seconds', args['block-seconds']) };
const concurrency = positive('concurrency', args.concurrency, { integer: true });

/** A Node HTTP server that answers `{}` once `answer` says so. */
async function startServer(answer: (respond: () => void) => void): Promise<{ url: string; close(): void }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => answer(() => respondEmpty(response)));
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => (server.close(), server.closeAllConnections()),
  };
}

function respondEmpty(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end('{}');
}

/** The bare server, but each request waits for a message to go through the far-end process and back. */
async function startFloorServer(): Promise<{ url: string; close(): void }> {
  // Tied: a bench that fails part-way leaves no far end listening behind it.
  const farEnd = spawnTied(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench', 'far-end.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<never>((_resolve, reject) => farEnd.once('exit', () => reject(new Error('the far end exited before it printed its port'))));
  // Its exit at the end of a run, after the port, is no failure.
  exited.catch(() => undefined);
  const [port] = (await Promise.race([once(createInterface({ input: farEnd.stdout! }), 'line'), exited])) as [string];
  const socket = connect({ host: '127.0.0.1', port: Number(port), noDelay: true });
  await once(socket, 'connect');
  // The far end answers in order, so answers match the requests first in, first out.
  const waiting: Array<() => void> = [];
  socket.on('data', (chunk: Buffer) => {
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) waiting.shift()?.();
  });
  const server = await startServer((respond) => {
    waiting.push(respond);
    socket.write('.\n');
  });
  return {
    url: server.url,
    close: () => (server.close(), socket.destroy(), farEnd.kill()),
  };
}

/** Runs a bench client as a separate Node process (through tsx) and returns its JSON output. */
async function runClient<T>(file: string, input: unknown): Promise<T> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench', file), JSON.stringify(input)], {
    cwd: repoRoot,
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(stdout) as T;
}

function fmt(ms: number): string {
  return `${ms.toFixed(3)} ms`;
}

/** Median of the blocks and their range. */
function describe(perBlock: number[]): string {
  const spread = range(perBlock);
  return `${fmt(median(perBlock))} (range ${fmt(spread.min)} to ${fmt(spread.max)})`;
}

/**
 * The stage's throttling is a cost guard, not plumbing: left on, it would cap the measured rate at
 * its own limit. The bucket is still consulted on every request, as in a run.
 */
const unthrottled = { rateLimit: Number.MAX_SAFE_INTEGER, burstLimit: Number.MAX_SAFE_INTEGER };

const bare = await startServer((respond) => respond());
const floor = await startFloorServer();
const logDir = mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-bench-'));
// The plumbing's own cost, on whole cores: a CPU share would add the no-op function's throttling to it.
const standIn = await startStandIn({ functions: [functions.baseline], logDir, throttling: unthrottled, cpuModel: 'whole-cores' });

/**
 * The warm invocations' REPORT Duration from `since` (epoch ms): from the event handed to the
 * runtime to its response back, the part of the added latency spent on the runtime's side.
 */
async function warmDurations(since: number): Promise<number[]> {
  // The run log writes its files in batches, a few tens of milliseconds apart.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const reports = (await readReports(path.join(logDir, reportsFile.name))).get(functions.baseline.name) ?? [];
  return reports.filter((report) => report.startedAt >= since && report.initDurationMs === undefined).map((report) => report.durationMs);
}
try {
  const bareTarget = { name: 'bare', url: bare.url };
  const standInTarget = { name: 'stand-in', url: `${standIn.url}${functions.baseline.route.path}` };
  const targets = [bareTarget, { name: 'floor', url: floor.url }, standInTarget];
  console.log(`added latency: ${plan.blocks} interleaved blocks of ${plan.blockSeconds} s per target and rate, ${os.cpus().length} cores`);
  for (const ratePerSecond of rates) {
    const { measuredFrom, blocks } = await runClient<{ measuredFrom: number; blocks: Array<Record<string, number[]>> }>('load-client.ts', {
      targets,
      ratePerSecond,
      ...plan,
    });
    console.log(`  at ${ratePerSecond} req/s`);
    const sorted = blocks.map((block) => Object.fromEntries(Object.entries(block).map(([name, latencies]) => [name, ascending(latencies)])));
    for (const p of [50, 99]) {
      const at = (block: Record<string, number[]>, name: string) => percentile(block[name]!, p);
      const added = (name: string) => describe(sorted.map((block) => at(block, name) - at(block, 'bare')));
      console.log(
        `    p${p}: bare ${fmt(median(sorted.map((block) => at(block, 'bare'))))}; added by the stand-in ${added('stand-in')}; the floor of two extra hops ${added('floor')}`,
      );
    }
    const durations = ascending(await warmDurations(measuredFrom));
    console.log(`    of which on the runtime's side (REPORT Duration, ${durations.length} warm invocations): p50 ${fmt(percentile(durations, 50))}, p99 ${fmt(percentile(durations, 99))}`);
  }
  console.log(`max sustained rate: closed loop, ${concurrency} concurrent callers, 10 s each (stage throttling lifted; deployed, it caps the route at ${stageThrottling.rateLimit} req/s)`);
  for (const target of [bareTarget, standInTarget]) {
    const result = await runClient<{ requests: number; errors: number; seconds: number }>('throughput-client.ts', { url: target.url, concurrency, seconds: 10 });
    console.log(`  ${target.name}: ${Math.round(result.requests / result.seconds)} req/s (${result.errors} errors)`);
  }
  console.log(`  environments used by the no-op route: ${JSON.stringify(standIn.lambda.environments().baseline)}`);
} finally {
  bare.close();
  floor.close();
  await standIn.stop();
}
