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
import { stopOnSignals } from '../toolchain/interrupt.ts';
import { repoRoot, toolPaths } from '../toolchain/paths.ts';

interface Instance {
  segment: Segment;
  dir: string;
  log: string;
  address: string;
  child: ChildProcess;
  /** k6's exit code; -1 when it could not be started at all. */
  exited: Promise<number>;
}

export interface SegmentsRun {
  /** Each instance's exit code, in segment order. */
  codes: number[];
  /** The segment whose threshold with abortOnFail stopped the test; the others were stopped with it. */
  abortedBy?: Segment;
}

/** k6's ExecutionStatus once a `--paused` test has initialised its VUs and waits to be resumed (lib/execution.go). */
const pausedBeforeRun = 4;
/** k6's exit codes (errext/exitcodes): a threshold failed; the REST API could not listen; the test was stopped by a signal. */
export const k6Exit = { thresholdsFailed: 99, cannotStartApi: 106, externalAbort: 105 } as const;
/** k6's log line when a threshold with abortOnFail ends the test early. */
const abortedByThreshold = 'stopping test prematurely';

/**
 * Runs the segments. `environment` gives a k6 instance its environment for the folder its results
 * go to. Ctrl-C, SIGTERM or an exit stop every instance (each still writes its summary); so does
 * one instance's threshold abort, as it would stop the test run whole.
 */
export async function runK6Segments(
  scenario: ScenarioName,
  runDir: string,
  count: number,
  environment: (resultsDir: string) => NodeJS.ProcessEnv,
  report: (line: string) => void = console.error,
): Promise<SegmentsRun> {
  const instances: Instance[] = [];
  const stopAll = () => instances.forEach((instance) => instance.child.exitCode === null && instance.child.signalCode === null && instance.child.kill('SIGTERM'));
  const restore = stopOnSignals(stopAll);
  try {
    for (const segment of equalSegments(count)) instances.push(await startedPaused(scenario, runDir, segment, environment));
    let abortedBy: Segment | undefined;
    const watched = instances.map(async (instance) => {
      const code = await instance.exited;
      if (code === k6Exit.thresholdsFailed && (await readFile(instance.log, 'utf8')).includes(abortedByThreshold) && !abortedBy) {
        abortedBy = instance.segment;
        stopAll();
      }
      return code;
    });
    await Promise.all(instances.map(resume));
    report(`k6: ${count} segments resumed together (their logs: ${path.relative(process.cwd(), path.join(runDir, segmentsDir))}/*/k6.log)`);
    const codes = await Promise.all(watched);
    for (const [index, code] of codes.entries()) if (code !== 0 && code !== k6Exit.thresholdsFailed && !abortedBy) report(await failure(instances[index]!, code));
    return abortedBy ? { codes, abortedBy } : { codes };
  } finally {
    stopAll();
    restore();
  }
}

/**
 * An instance started and waiting to be resumed. The free port is free when asked, not
 * necessarily when k6 binds it: one taken in between is asked for again.
 */
async function startedPaused(scenario: ScenarioName, runDir: string, segment: Segment, environment: (resultsDir: string) => NodeJS.ProcessEnv): Promise<Instance> {
  for (let attempt = 1; ; attempt += 1) {
    const instance = await startPaused(scenario, runDir, segment, environment);
    if (await untilPaused(instance)) return instance;
    const code = await instance.exited;
    if (code !== k6Exit.cannotStartApi || attempt === 3) throw new CommandError(await failure(instance, code));
  }
}

async function startPaused(scenario: ScenarioName, runDir: string, segment: Segment, environment: (resultsDir: string) => NodeJS.ProcessEnv): Promise<Instance> {
  const dir = path.join(runDir, segmentsDir, segmentFolderName(segment));
  await mkdir(dir, { recursive: true });
  const address = `127.0.0.1:${await freePort()}`;
  const log = path.join(dir, 'k6.log');
  const args = ['run', '--paused', '--address', address, ...segmentArguments(segment), '--out', `json=${path.join(dir, rawOutputFile(scenario))}`, path.join(repoRoot, 'dist', `${scenario}.js`)];
  const out = createWriteStream(log);
  // Out of the terminal's process group: a Ctrl-C reaches the instances once, from stopAll.
  const child = spawn(toolPaths.k6, args, { cwd: repoRoot, env: environment(dir), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout!.pipe(out, { end: false });
  child.stderr!.pipe(out, { end: false });
  const exited = new Promise<number>((resolve) => {
    // A k6 that cannot be started (no binary) says so in its log, as a k6 that fails does.
    child.on('error', (error) => out.end(`${error.message}\n`, () => resolve(-1)));
    child.on('close', (code) => out.end(() => resolve(code ?? 1)));
  });
  return { segment, dir, log, address, child, exited };
}

/** Polls k6's REST API until the instance has its VUs and waits (true), or has ended (false). */
async function untilPaused(instance: Instance): Promise<boolean> {
  let ended = false;
  void instance.exited.then(() => (ended = true));
  while (!ended) {
    const status = await fetch(`http://${instance.address}/v1/status`)
      .then(async (response) => ((await response.json()) as { data: { attributes: { status: number } } }).data.attributes.status)
      .catch(() => undefined);
    if (status === pausedBeforeRun) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

async function resume(instance: Instance): Promise<void> {
  const response = await fetch(`http://${instance.address}/v1/status`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: { type: 'status', id: 'default', attributes: { paused: false } } }),
  });
  if (!response.ok) throw new CommandError(`k6 segment ${instance.segment.executionSegment} would not resume: HTTP ${response.status} ${await response.text()}`);
}

/** One line for an instance that broke: the last error its log has (else its last line), and where the log is. */
async function failure(instance: Instance, code: number): Promise<string> {
  const lines = (await readFile(instance.log, 'utf8').catch(() => '')).trim().split('\n');
  const said = lines.findLast((line) => line.includes('level=error')) ?? lines.at(-1);
  return `k6 segment ${instance.segment.index} of ${instance.segment.count} exited with code ${code}: ${said || 'no output'} (${path.relative(process.cwd(), instance.log)})`;
}
