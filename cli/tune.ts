import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Comparison } from '../formats/comparison.ts';
import { tuningSchemaId, type Tuning, type TuningPoint } from '../formats/tuning.ts';
import { badInput, CommandError } from '../toolchain/command.ts';
import { parseOptions } from '../toolchain/options.ts';
import { repoRoot } from '../toolchain/paths.ts';
import { renderTuningHtml } from '../tune/chart.ts';
import { pointsOf } from '../tune/points.ts';
import { recommend } from '../tune/recommend.ts';
import { renderTuningMarkdown, renderTuningTerminal } from '../tune/render.ts';
import { readSizes } from '../tune/sizes.ts';
import { timestamp } from './local.ts';
import { runScenario, validatedCpuModel, validatedSettings } from './run-scenario.ts';

const usage = 'usage: npm run tune [-- --memory 128,256,512,1024,1769,3008] [--weight 0.5]';

/** Each size's load: a short ramp, long enough for cold starts and a warm p95. */
const defaultDurationPerSize = '30s';

/**
 * `npm run tune`: every contender under the same open-model load at each memory size, on the
 * stand-in, then per size its latency, Duration, cold start, memory and cost, and the size each
 * strategy recommends: `tune.json`, `tune.md`, `tune.html` in `results/<time>-tune/`, beside a
 * folder per size with that size's run and comparison.
 */
export async function tune(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { memory: { type: 'string' }, weight: { type: 'string' } }, { usage });
  const sizes = readSizes(values.memory);
  const weight = readWeight(values.weight);
  const env = { DURATION: process.env.DURATION ?? defaultDurationPerSize };
  const settings = validatedSettings({ ...process.env, ...env });
  const cpuModel = validatedCpuModel(process.env.CPU_MODEL);
  if (settings.target !== 'local' || process.env.BASE_URL !== undefined) {
    throw new CommandError('npm run tune runs on the local stand-in only so far: tuning the deployed functions (TARGET=aws) is not built yet');
  }
  const tuneDir = path.join(repoRoot, 'results', `${timestamp()}-tune`);
  const points: TuningPoint[] = [];
  for (const memoryMb of sizes) {
    console.error(`tune: ${memoryMb} MB, ${env.DURATION} of ramp on ${settings.contenders.join(', ')}…`);
    const run = await runScenario('ramp', { env, runDir: path.join(tuneDir, `${memoryMb}mb`), memoryMb, printComparison: false });
    if (run.exitCode !== 0) console.error(`tune: the ${memoryMb} MB run's thresholds failed (exit ${run.exitCode}); its figures are kept`);
    const comparison = JSON.parse(await readFile(path.join(run.runDir, 'compare.json'), 'utf8')) as Comparison;
    points.push(...pointsOf(comparison, memoryMb, path.relative(repoRoot, run.runDir)));
  }
  const tuning: Tuning = {
    schema: tuningSchemaId,
    target: settings.target,
    cpuModel,
    sizes,
    contenders: [...settings.contenders],
    weight,
    points,
    recommendations: Object.fromEntries(settings.contenders.map((name) => [name, recommend(points.filter((point) => point.contender === name), weight)])),
  };
  await writeTuning(tuneDir, tuning);
  process.stdout.write(renderTuningTerminal(tuning));
  console.error(`tune: ${path.relative(process.cwd(), tuneDir)}/tune.json, tune.md, tune.html`);
  return 0;
}

export async function writeTuning(dir: string, tuning: Tuning): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'tune.json'), `${JSON.stringify(tuning, null, 2)}\n`);
  await writeFile(path.join(dir, 'tune.md'), renderTuningMarkdown(tuning));
  await writeFile(path.join(dir, 'tune.html'), renderTuningHtml(tuning));
}

/** `--weight`: how much cost counts against speed in `balanced`, from 0 (speed alone) to 1 (cost alone). */
function readWeight(value: string | undefined): number {
  if (value === undefined) return 0.5;
  const weight = Number(value);
  if (value.trim() === '' || !Number.isFinite(weight) || weight < 0 || weight > 1) {
    throw new CommandError(`invalid --weight: expected a number from 0 to 1, got '${value}'`, badInput);
  }
  return weight;
}
