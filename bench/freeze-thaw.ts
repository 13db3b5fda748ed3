/**
 * What freezing idle environments costs an invocation: the thaw on its way in. Two stand-ins on
 * whole cores, one freezing each environment as it waits for work and one not, sharing one
 * storage; warm requests to each route alternate between them, with a pause between requests so
 * every environment is frozen before each one. Prints per function, each way, the client-seen
 * latency and REPORT Duration (median and p99), and the medians' difference.
 *
 *   npm run bench:freeze-thaw [-- --requests 300 --pause-ms 30]
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { functions } from '../functions.config.ts';
import { reportsFile } from '../formats/report-record.ts';
import { readReports } from '../compare/reports.ts';
import { ascending, median, percentile } from '../compare/statistics.ts';
import { startStandIn, type StandIn } from '../local/stand-in.ts';
import { startStorage } from '../local/storage/index.ts';
import { positive, readOptions } from './arguments.ts';
import { quietSdkNodeNotice } from '../toolchain/sdk-notice.ts';

quietSdkNodeNotice();
const args = readOptions({ requests: { type: 'string', default: '300' }, 'pause-ms': { type: 'string', default: '30' } });
const requests = positive('requests', args.requests, { integer: true });
const pauseMs = positive('pause-ms', args['pause-ms']);
const measured = [functions.baseline, functions.rust];
const ways = ['frozen', 'running'] as const;
type Way = (typeof ways)[number];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One request, timed from the client; the environment must be warm. */
async function timed(standIn: StandIn, route: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${standIn.url}${route}`, { method: 'POST', body: '{}' });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${route} answered ${response.status}`);
  return performance.now() - started;
}

function describe(values: number[]): string {
  const sorted = ascending(values);
  return `p50 ${median(values).toFixed(3)} ms, p99 ${percentile(sorted, 99).toFixed(3)} ms`;
}

const storage = await startStorage();
const standIns = new Map<Way, StandIn>();
try {
  for (const way of ways) {
    const logDir = mkdtempSync(path.join(os.tmpdir(), `lambda-duel-bench-${way}-`));
    // Whole cores, so the thaw is all that differs: a CPU share would throttle both alike and hide it.
    standIns.set(way, await startStandIn({ functions: measured, storage, logDir, cpuModel: 'whole-cores', freezeIdle: way === 'frozen' }));
  }
  const client = new Map<string, number[]>();
  // One request each first: the cold starts are not what is measured.
  for (const standIn of standIns.values()) for (const fn of measured) await timed(standIn, fn.route.path);
  for (let round = 0; round < requests; round += 1) {
    const order = round % 2 === 0 ? ways : [...ways].reverse();
    for (const way of order) {
      for (const fn of measured) {
        await sleep(pauseMs);
        const key = `${way} ${fn.name}`;
        client.set(key, [...(client.get(key) ?? []), await timed(standIns.get(way)!, fn.route.path)]);
      }
    }
  }
  for (const standIn of standIns.values()) await standIn.stop();
  console.log(`Warm invocations, ${requests} per function each way, ${pauseMs} ms apart, ${os.cpus().length} cores`);
  for (const fn of measured) {
    const line = [];
    const medians = new Map<Way, number>();
    for (const way of ways) {
      const durations = ((await readReports(path.join(standIns.get(way)!.logDir, reportsFile.name))).get(fn.name) ?? []).slice(1).map((report) => report.durationMs);
      const latencies = client.get(`${way} ${fn.name}`)!;
      medians.set(way, median(latencies));
      line.push(`${way}: client ${describe(latencies)}; Duration ${describe(durations)}`);
    }
    console.log(`  ${fn.name}: ${line.join(' | ')}; frozen minus running, client p50: ${(medians.get('frozen')! - medians.get('running')!).toFixed(3)} ms`);
  }
} finally {
  for (const standIn of standIns.values()) await standIn.stop();
  await storage.stop();
}
