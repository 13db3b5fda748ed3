/**
 * Where one k6 process stops keeping up on this machine: the project's own test script (checks,
 * cold/warm split, tags) against a target that answers the contract at once, at rising request
 * rates, with and without raw output. Prints, per rate, what k6 achieved, what it dropped, the CPU
 * it used (cores) and its CPU per request, and the target's CPU beside it (both share this
 * machine's cores). The ceiling is the highest rate that k6 still offers in full; past it, a run
 * needs more k6 instances (`--segments N`) or more machines.
 *
 *   npx tsx bench/k6-ceiling.ts [-- --rates 250,500,1000,2000,4000 --seconds 20]
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { RunSummary } from '../formats/summary.ts';
import { buildPaths, repoRoot, toolPaths } from '../toolchain/paths.ts';
import { positive, readOptions } from './arguments.ts';

const args = readOptions({ rates: { type: 'string', default: '250,500,1000,2000,4000' }, seconds: { type: 'string', default: '20' } });
const rates = args.rates.split(',').map((rate) => positive('rates', rate, { integer: true }));
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

/** utime + stime of a process, seconds, from /proc; the last value read before it ended. */
function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

interface Result {
  achieved: number;
  dropped: number;
  k6Cores: number;
  k6MsPerRequest: number;
  targetCores: number;
}

/** The soak test at `rate` requests/s in all (interleaved: one scenario at the whole rate), for `seconds`. */
async function measure(rate: number, raw: boolean): Promise<Result> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-k6-ceiling-'));
  const out = raw ? ['--out', `json=${path.join(dir, 'soak.raw.json.gz')}`] : [];
  const env = { ...process.env, BASE_URL: baseUrl, TARGET: 'local', MODE: 'interleaved', RATE: String(rate), DURATION: `${seconds}s`, RESULTS_DIR: dir, K6_NO_USAGE_REPORT: 'true' };
  const targetBefore = process.cpuUsage();
  const started = performance.now();
  const child = spawn(toolPaths.k6, ['run', '--quiet', ...out, path.join(buildPaths.dist, 'soak.js')], { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'inherit'] });
  let k6Cpu = 0;
  const poll = setInterval(() => (k6Cpu = cpuSeconds(child.pid!) ?? k6Cpu), 200);
  await new Promise((resolve) => child.on('close', resolve));
  clearInterval(poll);
  const wall = (performance.now() - started) / 1000;
  const targetCpu = process.cpuUsage(targetBefore);
  const summary = JSON.parse(readFileSync(path.join(dir, 'soak.summary.json'), 'utf8')) as RunSummary;
  rmSync(dir, { recursive: true, force: true });
  const requests = summary.run.contenders.reduce((sum, name) => sum + summary.routes[name]!.requests, 0);
  return {
    achieved: requests / summary.run.durationSeconds,
    dropped: summary.run.droppedIterations ?? 0,
    k6Cores: k6Cpu / wall,
    k6MsPerRequest: (k6Cpu * 1000) / requests,
    targetCores: (targetCpu.user + targetCpu.system) / 1e6 / wall,
  };
}

console.log(`one k6 (${toolPaths.k6}) on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, the soak test for ${seconds} s per rate, target on the same machine`);
console.log(`${'offered/s'.padStart(10)} ${'raw'.padStart(4)} ${'achieved/s'.padStart(11)} ${'dropped'.padStart(8)} ${'k6 cores'.padStart(9)} ${'k6 ms/req'.padStart(10)} ${'target cores'.padStart(13)}`);
for (const rate of rates) {
  for (const raw of [false, true]) {
    const result = await measure(rate, raw);
    console.log(
      `${String(rate).padStart(10)} ${(raw ? 'yes' : 'no').padStart(4)} ${result.achieved.toFixed(0).padStart(11)} ${String(result.dropped).padStart(8)} ${result.k6Cores.toFixed(2).padStart(9)} ${result.k6MsPerRequest.toFixed(3).padStart(10)} ${result.targetCores.toFixed(2).padStart(13)}`,
    );
  }
}
target.close();
