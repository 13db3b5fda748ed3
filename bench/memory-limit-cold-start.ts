/**
 * What holding each environment to its memory size costs a cold start: Init Duration with a memory
 * cgroup per environment (the runtime joins it through a shell before it execs) against RSS
 * sampling, which adds nothing to a start. Two stand-ins, one each way, sharing one storage; each
 * round drops every environment of both and sends one request per route to each, alternating
 * which goes first. Prints, per function, the median Init Duration each way with its range, and
 * the median of the rounds' differences.
 *
 *   npm run bench:memory-limit [-- --rounds 25]
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { functions } from '../functions.config.ts';
import { reportsFile } from '../formats/report-record.ts';
import { readReports } from '../compare/reports.ts';
import { median, range } from '../compare/statistics.ts';
import { MemoryCgroup } from '../local/lambda/memory-cgroup.ts';
import type { MemoryEnforcement } from '../local/lambda/memory-limit.ts';
import { startStandIn, type StandIn } from '../local/stand-in.ts';
import { startStorage } from '../local/storage/index.ts';
import { positive, readOptions } from './arguments.ts';
import { quietSdkNodeNotice } from '../toolchain/sdk-notice.ts';

quietSdkNodeNotice();
const args = readOptions({ rounds: { type: 'string', default: '25' } });
const rounds = positive('rounds', args.rounds, { integer: true });
const measured = [functions.rust, functions.baseline];
const ways: MemoryEnforcement[] = ['cgroup', 'sampling'];

/** Resolves once the dropped environments have exited, so no teardown overlaps the cold starts timed next. */
async function coldRound(standIn: StandIn): Promise<void> {
  await standIn.lambda.dropEnvironments();
  for (const fn of measured) {
    const response = await fetch(`${standIn.url}${fn.route.path}`, { method: fn.route.method, body: '{}' });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`${fn.route.path} answered ${response.status}`);
  }
}

/** Init Durations in the order the cold starts happened, per function; read once the stand-in has stopped and its log is all written. */
async function initDurations(logDir: string): Promise<Map<string, number[]>> {
  const reports = await readReports(path.join(logDir, reportsFile.name));
  const durations = new Map<string, number[]>();
  for (const fn of measured) {
    const inits = (reports.get(fn.name) ?? []).flatMap((report) => (report.initDurationMs === undefined ? [] : [report.initDurationMs]));
    // The rounds are compared pairwise: a missing or extra cold start would pair the wrong ones.
    if (inits.length !== rounds) throw new Error(`${fn.name}: ${inits.length} cold starts logged in ${logDir}, expected ${rounds}`);
    durations.set(fn.name, inits);
  }
  return durations;
}

function describe(values: number[]): string {
  const spread = range(values);
  return `${median(values).toFixed(2)} ms (range ${spread.min.toFixed(2)} to ${spread.max.toFixed(2)})`;
}

// Without a writable memory hierarchy both stand-ins would sample, and the figures would mean nothing.
const probe = MemoryCgroup.create('bench-probe', 64);
if (!probe) {
  console.error('no memory cgroup can be made here (cgroup v1 memory hierarchy missing or not writable): nothing to compare');
  process.exit(2);
}
probe.remove();

const storage = await startStorage();
const standIns = new Map<MemoryEnforcement, StandIn>();
try {
  for (const way of ways) {
    const logDir = mkdtempSync(path.join(os.tmpdir(), `lambda-duel-bench-${way}-`));
    // Whole cores, as when these figures were first taken: the memory cgroup's cost is what differs.
    standIns.set(way, await startStandIn({ functions: measured, storage, logDir, memoryEnforcement: way, cpuModel: 'whole-cores' }));
  }
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? ways : [...ways].reverse();
    for (const way of order) await coldRound(standIns.get(way)!);
  }
  for (const standIn of standIns.values()) await standIn.stop();
  const byWay = new Map<MemoryEnforcement, Map<string, number[]>>();
  for (const [way, standIn] of standIns) byWay.set(way, await initDurations(standIn.logDir));
  console.log(`Init Duration over ${rounds} cold starts each way, ${os.cpus().length} cores`);
  for (const fn of measured) {
    const cgroup = byWay.get('cgroup')!.get(fn.name)!;
    const sampling = byWay.get('sampling')!.get(fn.name)!;
    const differences = cgroup.map((ms, round) => ms - sampling[round]!);
    console.log(`  ${fn.name}: cgroup ${describe(cgroup)}; sampling ${describe(sampling)}; cgroup minus sampling, per round: median ${median(differences).toFixed(2)} ms`);
  }
} finally {
  for (const standIn of standIns.values()) await standIn.stop();
  await storage.stop();
}
