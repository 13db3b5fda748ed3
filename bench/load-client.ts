/**
 * The benchmark's load generator, run as its own process so it never shares an event loop with
 * the servers it measures. Open model: requests start on a fixed schedule whether or not earlier
 * ones have finished, so a slow server cannot slow the offered load (no coordinated omission).
 * Input (argv[2], JSON): { targets: [{ name, url }], ratePerSecond, blockSeconds, blocks }.
 * Output (stdout, JSON): { measuredFrom: epoch ms the first kept block began, blocks: per block,
 * per target, every latency in ms }.
 */
import { Agent, request } from 'node:http';

interface Plan {
  targets: Array<{ name: string; url: string }>;
  ratePerSecond: number;
  blockSeconds: number;
  blocks: number;
}

const plan = JSON.parse(process.argv[2]!) as Plan;
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function once(url: URL): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const call = request(url, { method: 'POST', agent }, (response) => {
      response.resume();
      response.on('end', () => {
        if (response.statusCode! >= 300) reject(new Error(`${url.pathname} answered ${response.statusCode}`));
        else resolve(Number(process.hrtime.bigint() - started) / 1e6);
      });
    });
    call.on('error', reject);
    call.end();
  });
}

/** `warming`: the answers are not kept, so one that fails is no failure of the run. */
async function block(url: URL, seconds = plan.blockSeconds, warming = false): Promise<number[]> {
  const interval = 1000 / plan.ratePerSecond;
  const count = Math.round(plan.ratePerSecond * seconds);
  const start = performance.now();
  const pending: Array<Promise<number>> = [];
  for (let i = 0; i < count; i += 1) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(warming ? once(url).catch(() => Number.NaN) : once(url));
  }
  return Promise.all(pending);
}

const blocks: Array<Record<string, number[]>> = [];
// Warm both paths (connections, JIT, warm environments) at the measured rate before anything is
// kept. A function with too few environments for the rate starts more, and while they start the
// requests beyond its reserved concurrency are throttled, as on Lambda: that is warming, not a result.
for (const target of plan.targets) await block(new URL(target.url), 2, true);
const measuredFrom = Date.now();
for (let i = 0; i < plan.blocks; i += 1) {
  const measured: Record<string, number[]> = {};
  // Alternate which target goes first, so drift on a shared machine hits both alike.
  const order = i % 2 === 0 ? plan.targets : [...plan.targets].reverse();
  for (const target of order) measured[target.name] = await block(new URL(target.url));
  blocks.push(measured);
}
agent.destroy();
process.stdout.write(JSON.stringify({ measuredFrom, blocks }));
