/**
 * One test as N k6 processes on this machine, each running its execution segment of the whole
 * (`--segments N`): k6 shares arrival rates, VUs and iterations out itself. The instances start
 * paused and are resumed together, so their setups, and with them the interleaved turns, line
 * up; each writes its summary and raw output into its own `segments/<i>-of-<n>/`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { equalSegments, segmentArguments, segmentFolderName, segmentsDir, type Segment } from '../formats/segments.ts';
import { rawOutputFile } from '../formats/raw-output.ts';
import type { ScenarioName } from '../k6.config.ts';
import { freePort } from '../local/process/free-port.ts';
import { CommandError } from '../toolchain/command.ts';
import { repoRoot, toolPaths } from '../toolchain/paths.ts';

interface Instance {
  segment: Segment;
  dir: string;
  log: string;
  address: string;
  child: ChildProcess;
  exited: Promise<number>;
}

/** k6's ExecutionStatus once a `--paused` test has initialised its VUs and waits to be resumed (lib/execution.go). */
const pausedBeforeRun = 4;

/**
 * Runs the segments and returns each instance's exit code, in segment order. `environment` gives a
 * k6 instance its environment for the folder its results go to.
 */
export async function runK6Segments(
  scenario: ScenarioName,
  runDir: string,
  count: number,
  environment: (resultsDir: string) => NodeJS.ProcessEnv,
  report: (line: string) => void = console.error,
): Promise<number[]> {
  const instances = await Promise.all(equalSegments(count).map((segment) => startPaused(scenario, runDir, segment, environment)));
  const stopAll = () => instances.forEach((instance) => instance.child.exitCode === null && instance.child.kill('SIGTERM'));
  // A SIGTERM reaches this process alone, and a caller's cleanup may end it: no k6 is left sending load.
  process.once('exit', stopAll);
  try {
    const ready = await Promise.all(instances.map(untilPaused));
    // An instance that ended before it was ready cannot start its test (a script error, a bad option).
    const broken = instances.find((_, index) => !ready[index]);
    if (broken) throw new CommandError(await failure(broken, await broken.exited));
    await Promise.all(instances.map(resume));
    report(`k6: ${count} segments resumed together (their logs: ${path.relative(process.cwd(), path.join(runDir, segmentsDir))}/*/k6.log)`);
    const codes = await Promise.all(instances.map((instance) => instance.exited));
    for (const [index, code] of codes.entries()) if (code !== 0 && code !== thresholdsFailed) report(await failure(instances[index]!, code));
    return codes;
  } finally {
    stopAll();
    process.removeListener('exit', stopAll);
  }
}

/** k6's exit code when the test ran and a threshold failed: not an instance that broke. */
export const thresholdsFailed = 99;

async function startPaused(scenario: ScenarioName, runDir: string, segment: Segment, environment: (resultsDir: string) => NodeJS.ProcessEnv): Promise<Instance> {
  const dir = path.join(runDir, segmentsDir, segmentFolderName(segment));
  await mkdir(dir, { recursive: true });
  const address = `127.0.0.1:${await freePort()}`;
  const log = path.join(dir, 'k6.log');
  const args = ['run', '--paused', '--address', address, ...segmentArguments(segment), '--out', `json=${path.join(dir, rawOutputFile(scenario))}`, path.join(repoRoot, 'dist', `${scenario}.js`)];
  const child = spawn(toolPaths.k6, args, { cwd: repoRoot, env: environment(dir), stdio: ['ignore', 'pipe', 'pipe'] });
  const out = createWriteStream(log);
  child.stdout!.pipe(out, { end: false });
  child.stderr!.pipe(out, { end: false });
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => out.end(() => resolve(code ?? 1)));
  });
  return { segment, dir, log, address, child, exited };
}

/** Polls k6's REST API until the instance has its VUs and waits (true), or has ended (false). */
async function untilPaused(instance: Instance): Promise<boolean> {
  for (;;) {
    const status = await fetch(`http://${instance.address}/v1/status`)
      .then(async (response) => ((await response.json()) as { data: { attributes: { status: number } } }).data.attributes.status)
      .catch(() => undefined);
    if (status === pausedBeforeRun) return true;
    if (instance.child.exitCode !== null || instance.child.signalCode !== null) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function resume(instance: Instance): Promise<void> {
  const response = await fetch(`http://${instance.address}/v1/status`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: { type: 'status', id: 'default', attributes: { paused: false } } }),
  });
  if (!response.ok) throw new CommandError(`k6 segment ${instance.segment.executionSegment} would not resume: HTTP ${response.status} ${await response.text()}`);
}

/** One line for an instance that broke, with the last line its log has. */
async function failure(instance: Instance, code: number): Promise<string> {
  const lines = (await readFile(instance.log, 'utf8').catch(() => '')).trim().split('\n');
  return `k6 segment ${instance.segment.index} of ${instance.segment.count} exited with code ${code}: ${lines.at(-1) || 'no output'} (${path.relative(process.cwd(), instance.log)})`;
}
