/**
 * Where one k6 process stops keeping up on this machine: the project's own test script (checks,
 * cold/warm split, tags) against a target that answers the contract at once, at rising request
 * rates, with and without raw output. Prints, per rate, what k6 achieved, what it dropped, the CPU
 * it used (cores) and its CPU per request, and the target's CPU beside it (both share this
 * machine's cores). The ceiling is the highest rate that k6 still offers in full. With
 * `--instances 1,2`, the same rates again split into that many k6 instances by execution segments
 * (raw output always on, as `--segments N` runs them): whether more instances on this machine reach
 * further than one.
 *
 *   npx tsx bench/k6-ceiling.ts [-- --rates 250,500,1000,2000,4000 --seconds 20 --instances 1]
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { RunSummary } from '../formats/summary.ts';
import { segmentsDir } from '../formats/segments.ts';
import { runK6Segments } from '../cli/k6-segments.ts';
import { buildPaths, repoRoot, toolPaths } from '../toolchain/paths.ts';
import { positive, readOptions } from './arguments.ts';

const args = readOptions({ rates: { type: 'string', default: '250,500,1000,2000,4000' }, seconds: { type: 'string', default: '20' }, instances: { type: 'string', default: '1' } });
const rates = args.rates.split(',').map((rate) => positive('rates', rate, { integer: true }));
const instanceCounts = args.instances.split(',').map((count) => positive('instances', count, { integer: true }));
const seconds = positive('seconds', args.seconds, { integer: true });
const ticksPerSecond = 100;

/** Answers every route at once with a body that passes the test's checks. */
const target = createServer((request, response) => {
  const route = (request.url ?? '/').slice(1);
  const id = randomUUID();
  response.writeHead(201, { 'content-type': 'application/json', 'x-cold-start': 'false' });
  response.end(JSON.stringify({ id, runtime: route, key: `${route}/${id}`, coldStart: false }));
});
await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;

/** utime + stime, seconds, of every k6 this process started, from /proc: the last value read of each. */
class K6Cpu {
  private readonly seen = new Map<number, number>();
  private readonly timer = setInterval(() => this.read(), 200);

  stop(): number {
    clearInterval(this.timer);
    return [...this.seen.values()].reduce((sum, seconds) => sum + seconds, 0);
  }

  private read(): void {
    for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (!stat.includes('(k6)') || Number(fields[1]) !== process.pid) continue;
        this.seen.set(Number(entry), (Number(fields[11]) + Number(fields[12])) / ticksPerSecond);
      } catch {
        // gone while we looked
      }
    }
  }
}

interface Result {
  achieved: number;
  dropped: number;
  k6Cores: number;
  k6MsPerRequest: number;
  targetCores: number;
}

/** The soak test at `rate` requests/s in all (interleaved: one scenario at the whole rate), for `seconds`, in `instances` k6 processes. */
async function measure(rate: number, raw: boolean, instances: number): Promise<Result> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-k6-ceiling-'));
  const env = (resultsDir: string) => ({ ...process.env, BASE_URL: baseUrl, TARGET: 'local', MODE: 'interleaved', RATE: String(rate), DURATION: `${seconds}s`, RESULTS_DIR: resultsDir, K6_NO_USAGE_REPORT: 'true' });
  const targetBefore = process.cpuUsage();
  const cpu = new K6Cpu();
  const started = performance.now();
  const summaries = instances === 1 ? [await runWhole(dir, raw, env(dir))] : await runInSegments(dir, instances, env);
  const wall = (performance.now() - started) / 1000;
  const k6Cpu = cpu.stop();
  const targetCpu = process.cpuUsage(targetBefore);
  rmSync(dir, { recursive: true, force: true });
  const requests = summaries.flatMap((summary) => summary.run.contenders.map((name) => summary.routes[name]!.requests)).reduce((a, b) => a + b, 0);
  return {
    achieved: requests / Math.max(...summaries.map((summary) => summary.run.durationSeconds)),
    dropped: summaries.reduce((sum, summary) => sum + (summary.run.droppedIterations ?? 0), 0),
    k6Cores: k6Cpu / wall,
    k6MsPerRequest: (k6Cpu * 1000) / requests,
    targetCores: (targetCpu.user + targetCpu.system) / 1e6 / wall,
  };
}

async function runWhole(dir: string, raw: boolean, env: NodeJS.ProcessEnv): Promise<RunSummary> {
  const out = raw ? ['--out', `json=${path.join(dir, 'soak.raw.json.gz')}`] : [];
  const child = spawn(toolPaths.k6, ['run', '--quiet', ...out, path.join(buildPaths.dist, 'soak.js')], { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'inherit'] });
  await new Promise((resolve) => child.on('close', resolve));
  return JSON.parse(readFileSync(path.join(dir, 'soak.summary.json'), 'utf8')) as RunSummary;
}

/** As `--segments N` runs them: each its segment, started together; each instance's own summary counts. */
async function runInSegments(dir: string, instances: number, env: (resultsDir: string) => NodeJS.ProcessEnv): Promise<RunSummary[]> {
  await runK6Segments('soak', dir, instances, env, () => undefined);
  const root = path.join(dir, segmentsDir);
  return readdirSync(root).map((name) => JSON.parse(readFileSync(path.join(root, name, 'soak.summary.json'), 'utf8')) as RunSummary);
}

console.log(`k6 (${toolPaths.k6}) on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, the soak test for ${seconds} s per rate, target on the same machine`);
console.log(`${'offered/s'.padStart(10)} ${'k6s'.padStart(4)} ${'raw'.padStart(4)} ${'achieved/s'.padStart(11)} ${'dropped'.padStart(8)} ${'k6 cores'.padStart(9)} ${'k6 ms/req'.padStart(10)} ${'target cores'.padStart(13)}`);
for (const rate of rates) {
  for (const instances of instanceCounts) {
    for (const raw of instances === 1 ? [false, true] : [true]) {
      const result = await measure(rate, raw, instances);
      console.log(
        `${String(rate).padStart(10)} ${String(instances).padStart(4)} ${(raw ? 'yes' : 'no').padStart(4)} ${result.achieved.toFixed(0).padStart(11)} ${String(result.dropped).padStart(8)} ${result.k6Cores.toFixed(2).padStart(9)} ${result.k6MsPerRequest.toFixed(3).padStart(10)} ${result.targetCores.toFixed(2).padStart(13)}`,
      );
    }
  }
}
target.close();
