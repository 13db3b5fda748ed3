import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { functionsFor, type ContenderName, type FunctionDeclaration } from '../functions.config.ts';
import { declaredArchitecture } from '../infra/settings.ts';
import { awsOutputsFile, expectedRequests, profiles, readSettings, type ApiScenarioName, type ScenarioName, type Settings } from '../k6.config.ts';
import { defaultPricing, loadPricing } from '../compare/pricing.ts';
import { builtInPricing, compareRunFolder } from '../compare/write-comparison.ts';
import { reportsFile } from '../formats/report-record.ts';
import { confirmRunCost } from '../infra/aws/confirm-cost.ts';
import { coldStartSummary } from '../infra/aws/cold-start-summary.ts';
import { coldStartsOnAws, defaultColdStartRounds, writeColdStarts } from '../infra/aws/cold-start-run.ts';
import { routeOf, type RunSummary } from '../formats/summary.ts';
import { renderSummaryText } from '../formats/summary-text.ts';
import { rawOutputFile } from '../formats/raw-output.ts';
import { maxSegments } from '../formats/segments.ts';
import { writeMergedSummary } from '../compare/segments/merged-folder.ts';
import { k6Exit, runK6Segments } from './k6-segments.ts';
import { readCpuModel, type CpuModel } from '../local/lambda/cpu-model.ts';
import { startStandIn } from '../local/stand-in.ts';
import { badInput, CommandError, runCommand } from '../toolchain/command.ts';
import { parseOptions } from '../toolchain/options.ts';
import { buildPaths, repoRoot, toolPaths } from '../toolchain/paths.ts';
import { prepare } from './prepare.ts';
import { localToolSteps } from '../toolchain/index.ts';
import { stopOnSignals, withCleanup } from '../toolchain/interrupt.ts';
import { timestamp } from './local.ts';
import { probeTarget } from './probe-target.ts';
import { reconciliationFileName } from '../formats/reconciliation.ts';
import { reconcileRun, type RunStores } from '../reconcile/run.ts';
import { renderWrites } from '../reconcile/reconcile.ts';

export interface ScenarioRun {
  exitCode: number;
  runDir: string;
  summaryFile: string;
}

export interface ScenarioRunOptions {
  /** Extra environment for the test (the main job shortens the ramp this way). */
  env?: Record<string, string>;
  /** The stand-in's log and k6's files go here; a new `results/<time>-<scenario>/` when absent. */
  runDir?: string;
  /** `--yes`: the cost of a run on AWS was seen and accepted. */
  yes?: boolean;
  /**
   * Every function at this memory size instead of its declared one (`npm run tune`): the stand-in's
   * functions; on AWS, where tune sets it through the Lambda API, the cost estimate's.
   */
  memoryMb?: number;
  /** Whether the comparison's table is printed (its files are written either way); true unless told. */
  printComparison?: boolean;
  /** `--segments N`: the test as N k6 instances, each its execution segment, merged into one run. */
  segments?: number;
  /** After k6 and before the comparison (`npm run tune` on AWS writes the window's REPORT records then). */
  afterLoad?: (summary: RunSummary, runDir: string) => Promise<void>;
}

/**
 * `npm run <scenario>`: build, start the stand-in unless a target is given, run k6, stop the
 * stand-in, and say where the results are: the summary, k6's HTML report, the functions' logs
 * with their REPORT lines, and with RAW=1 the raw k6 output.
 */
export async function runScenario(scenario: ApiScenarioName, options: ScenarioRunOptions = {}): Promise<ScenarioRun> {
  const env = { ...process.env, ...options.env };
  const settings = validatedSettings(env);
  const cpuModel = validatedCpuModel(env.CPU_MODEL);
  const segments = options.segments ?? 1;
  if (segments > 1 && scenario === 'coldstart') throw new CommandError('the coldstart test cannot be split into segments: each round drops every environment and then calls each route once, from one k6', badInput);
  const startsStandIn = settings.target === 'local' && env.BASE_URL === undefined;
  // A target someone else runs is asked first, so a wrong URL is one line, not a build and a k6 run of nothing.
  if (!startsStandIn) await probeTarget(settings.baseUrl);
  await prepare(localToolSteps, functionsFor(settings.contenders));
  const runDir = options.runDir ?? path.join(repoRoot, 'results', `${timestamp()}-${scenario}`);
  await mkdir(runDir, { recursive: true });
  // The sizes of what this run measured, kept with its results (the next build may differ).
  await copyFile(path.join(buildPaths.dist, 'artifacts.json'), path.join(runDir, 'artifacts.json'));
  if (settings.target === 'aws') {
    if (scenario === 'coldstart') return awsColdStarts(runDir, settings.contenders, options.yes ?? false);
    await confirmAwsCost(scenario, settings, options.yes ?? false, options.memoryMb);
  }
  const standIn = startsStandIn ? await startStandIn({ logDir: path.join(runDir, 'lambda'), functions: sized(functionsFor(settings.contenders), options.memoryMb), cpuModel }) : undefined;
  const summaryFile = path.join(runDir, `${scenario}.summary.json`);
  const stores: RunStores | undefined = standIn ? { kind: 'local', storage: standIn.storage } : settings.target === 'aws' ? { kind: 'aws' } : undefined;
  const load = async () => {
    const k6Env = { ...env, ...(standIn ? { BASE_URL: standIn.url, TARGET: 'local' } : {}) };
    const code = segments > 1 ? await runSegmented(scenario, runDir, segments, k6Env) : await runK6(scenario, runDir, k6Env);
    const summary = await startedRun(summaryFile, runDir);
    // Before the stand-in's stores go with it: what the writes left behind is part of the run.
    await reconcileWrites(summary, stores, path.join(runDir, reconciliationFileName(scenario)));
    await options.afterLoad?.(summary, runDir);
    return code;
  };
  // Only a stand-in needs stopping on Ctrl-C. Without one, exiting here would cut short a caller's
  // own cleanup (tune on AWS setting every function back to its size).
  const exitCode = standIn ? await withCleanup(load, async () => standIn.stop()) : await load();
  await compareRunFolder(runDir, builtInPricing, console.error, {}, options.printComparison ?? true);
  console.error(`results: ${path.relative(process.cwd(), runDir)}/`);
  return { exitCode, runDir, summaryFile };
}

function sized(declared: FunctionDeclaration[], memoryMb: number | undefined): FunctionDeclaration[] {
  return memoryMb === undefined ? declared : declared.map((fn) => ({ ...fn, memoryMb }));
}

/** The run k6 summarised; a test that ended before its load started is one line, and nothing is compared. */
export async function startedRun(summaryFile: string, runDir: string): Promise<RunSummary> {
  const where = `results: ${path.relative(process.cwd(), runDir)}/`;
  if (!existsSync(summaryFile)) throw new CommandError(`the test ended without a summary (the k6 log above says why); no comparison written (${where})`);
  const summary = JSON.parse(await readFile(summaryFile, 'utf8')) as RunSummary;
  if (summary.run.aborted) throw new CommandError(`the test ${summary.run.aborted}; no comparison written (${where})`);
  return summary;
}

/** Counts every contender's objects and items against its 201s, prints them under k6's table and keeps them. */
async function reconcileWrites(summary: RunSummary, stores: RunStores | undefined, file: string): Promise<void> {
  const reconciliation = stores ? await reconcileRun(summary, stores) : undefined;
  if (!reconciliation) {
    console.log('writes: not reconciled (the stores behind this BASE_URL are not known; TARGET=aws reads them from the outputs of npm run deploy)');
    return;
  }
  console.log(renderWrites(reconciliation.contenders).join('\n'));
  await writeFile(file, `${JSON.stringify(reconciliation, null, 2)}\n`);
}

/** The same validation k6 does at init, here, so bad input is one line (exit 2) before anything starts. */
export function validatedSettings(env: NodeJS.ProcessEnv): Settings {
  const outputs = path.join(repoRoot, awsOutputsFile);
  try {
    return readSettings(env, () => (existsSync(outputs) ? readFileSync(outputs, 'utf8') : undefined));
  } catch (error) {
    throw new CommandError((error as Error).message, badInput);
  }
}

/** `CPU_MODEL`, the stand-in's: checked before anything is built. */
export function validatedCpuModel(value: string | undefined): CpuModel {
  try {
    return readCpuModel(value);
  } catch (error) {
    throw new CommandError((error as Error).message, badInput);
  }
}

export async function runK6(scenario: ScenarioName, runDir: string, env: NodeJS.ProcessEnv): Promise<number> {
  const script = path.join(buildPaths.dist, `${scenario}.js`);
  const raw = env.RAW === '1' ? ['--out', `json=${path.join(runDir, rawOutputFile(scenario))}`] : [];
  const child = spawn(toolPaths.k6, ['run', ...raw, script], { cwd: repoRoot, env: await k6Environment(scenario, runDir, path.basename(runDir), env), stdio: 'inherit' });
  // A SIGTERM reaches this process alone, and a caller's cleanup may end it: k6 is not left sending load.
  const restore = stopOnSignals(() => child.exitCode === null && child.kill('SIGTERM'), ['SIGTERM']);
  return new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  }).finally(restore);
}

/**
 * The test as N k6 instances, merged: the run's summary is written from every segment's (counts
 * added, latencies from the merged raw samples, thresholds judged on the whole) and printed; the
 * exit code is k6's for the whole (99 when a merged threshold failed, or one stopped the test).
 * An instance that broke ends the run with its own code, before anything is merged.
 */
export async function runSegmented(scenario: ScenarioName, runDir: string, segments: number, env: NodeJS.ProcessEnv): Promise<number> {
  const runId = path.basename(runDir);
  const shared = await k6Environment(scenario, runDir, runId, env);
  const run = await runK6Segments(scenario, runDir, segments, (resultsDir) => ({ ...shared, RESULTS_DIR: resultsDir, K6_WEB_DASHBOARD_EXPORT: path.join(resultsDir, `${scenario}.report.html`) }));
  const broken = run.codes.findIndex((code) => code !== 0 && code !== k6Exit.thresholdsFailed && !(run.abortedBy && code === k6Exit.externalAbort));
  if (broken >= 0) throw new CommandError(`segment ${broken + 1} of ${segments} ended with k6's exit code ${run.codes[broken]}: no merged summary, no comparison (results: ${path.relative(process.cwd(), runDir)}/)`, { exitCode: run.codes[broken] });
  const merged = (await writeMergedSummary(runDir))!;
  process.stdout.write(renderSummaryText(merged.summary, path.relative(process.cwd(), merged.file)));
  if (run.abortedBy) {
    console.error(`k6: segment ${run.abortedBy.index} of ${segments} stopped the test (a threshold with abortOnFail crossed; its k6.log says which) and the other segments with it`);
    return k6Exit.thresholdsFailed;
  }
  return routesOf(merged.summary).every((route) => route.thresholds.every((threshold) => threshold.ok)) ? 0 : k6Exit.thresholdsFailed;
}

function routesOf(summary: RunSummary) {
  return summary.run.contenders.map((name) => routeOf(summary, name));
}

/** What a k6 instance of the runner is given: its results folder, the run's id, which k6 and machine, and k6's own HTML report. */
async function k6Environment(scenario: ScenarioName, resultsDir: string, runId: string, env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  return {
    ...env,
    RUN_ID: runId,
    RESULTS_DIR: resultsDir,
    K6_VERSION: (await runCommand(toolPaths.k6, ['version'])).trim().split('\n')[0]!,
    MACHINE: machine(),
    K6_NO_USAGE_REPORT: 'true',
    // k6's own HTML report of the run, written when the test ends; -1: no live dashboard server.
    K6_WEB_DASHBOARD: 'true',
    K6_WEB_DASHBOARD_PORT: '-1',
    K6_WEB_DASHBOARD_EXPORT: path.join(resultsDir, `${scenario}.report.html`),
  };
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`;
}

/** On AWS the load costs money: say how much, and go on only when the user said yes. */
async function confirmAwsCost(scenario: Exclude<ApiScenarioName, 'coldstart'>, settings: Settings, yes: boolean, memoryMb: number | undefined): Promise<void> {
  const requests = expectedRequests(profiles[scenario](settings), settings);
  confirmRunCost(
    {
      label: `k6 ${scenario} test`,
      requests,
      architecture: declaredArchitecture(),
      throughApi: true,
      smoke: scenario === 'smoke',
      memoryMb,
    },
    { pricing: await loadPricing(process.env.PRICING), yes },
  );
}

/**
 * A new environment on AWS needs a configuration change per round: the infra cold-start run does
 * it; its records are kept with the run, become a summary and REPORT records like a local run's,
 * and are compared.
 */
async function awsColdStarts(runDir: string, contenders: readonly ContenderName[], yes: boolean): Promise<ScenarioRun> {
  const run = await coldStartsOnAws({ lambda: new LambdaClient({}), functions: contenders, rounds: defaultColdStartRounds, pricing: defaultPricing, yes });
  await writeColdStarts(path.join(runDir, 'coldstart.cold-starts.json'), run);
  const { summary, reports } = coldStartSummary({ id: path.basename(runDir), startedAt: run.startedAt, endedAt: new Date().toISOString(), machine: machine(), records: run.records });
  const summaryFile = path.join(runDir, 'coldstart.summary.json');
  await mkdir(path.join(runDir, reportsFile.dir), { recursive: true });
  await writeFile(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
  await writeFile(path.join(runDir, reportsFile.dir, reportsFile.name), reports.map((report) => `${JSON.stringify(report)}\n`).join(''));
  await compareRunFolder(runDir);
  return { exitCode: 0, runDir, summaryFile };
}

/** `npm run <scenario> [-- --yes] [--segments N]`. */
export function scenarioCommand(scenario: ApiScenarioName) {
  return async (args: string[]): Promise<number> => {
    const usage = `usage: npm run ${scenario} [-- --yes] [--segments N]`;
    const { values } = parseOptions(args, { yes: { type: 'boolean', default: false }, segments: { type: 'string' } }, { usage });
    return (await runScenario(scenario, { yes: values.yes, segments: segmentsOption(values.segments) })).exitCode;
  };
}

/** `--segments N`: a whole number of k6 instances, 1 (the test run whole) to maxSegments. */
export function segmentsOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > maxSegments) {
    throw new CommandError(`invalid --segments: expected a whole number of k6 instances from 1 to ${maxSegments}, got '${value}'`, badInput);
  }
  return Number(value);
}
