import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { loadPricing } from '../compare/pricing.ts';
import type { Comparison } from '../formats/comparison.ts';
import { tuningSchemaId, type Tuning, type TuningPoint } from '../formats/tuning.ts';
import { expectedRequests, profiles } from '../k6.config.ts';
import { badInput, CommandError } from '../toolchain/command.ts';
import { parseOptions } from '../toolchain/options.ts';
import { repoRoot } from '../toolchain/paths.ts';
import { renderTuningHtml } from '../tune/chart.ts';
import { tuneOnAws, type AfterLoad } from '../tune/on-aws.ts';
import { pointsOf } from '../tune/points.ts';
import { recommend } from '../tune/recommend.ts';
import { renderTuningMarkdown, renderTuningTerminal } from '../tune/render.ts';
import { readSizes } from '../tune/sizes.ts';
import { timestamp } from './local.ts';
import { probeTarget } from './probe-target.ts';
import { runScenario, validatedCpuModel, validatedSettings } from './run-scenario.ts';

const usage = 'usage: npm run tune [-- --memory 128,256,512,1024,1769,3008] [--weight 0.5] [--yes]';

/** Each size's load: a short ramp, long enough for cold starts and a warm p95. */
const defaultDurationPerSize = '30s';

/**
 * `npm run tune`: every contender under the same open-model load at each memory size, on the
 * stand-in or, with TARGET=aws, on the deployed functions (tune/on-aws.ts), then per size its
 * latency, Duration, cold start, memory and cost, and the size each strategy recommends:
 * `tune.json`, `tune.md`, `tune.html` in `results/<time>-tune/`, beside a folder per size with
 * that size's run and comparison.
 */
export async function tune(args: string[]): Promise<number> {
  const options = { memory: { type: 'string' }, weight: { type: 'string' }, yes: { type: 'boolean', default: false } } as const;
  const { values } = parseOptions(args, options, { usage });
  const sizes = readSizes(values.memory);
  const weight = readWeight(values.weight);
  const env = { DURATION: process.env.DURATION ?? defaultDurationPerSize };
  const settings = validatedSettings({ ...process.env, ...env });
  const cpuModel = validatedCpuModel(process.env.CPU_MODEL);
  if (settings.target === 'url' || (settings.target === 'local' && process.env.BASE_URL !== undefined)) {
    throw new CommandError('npm run tune sizes the functions itself, on the stand-in it starts or with TARGET=aws on the deployed stack: a BASE_URL of its own names none', badInput);
  }
  const tuneDir = path.join(repoRoot, 'results', `${timestamp()}-tune`);
  const measure = async (memoryMb: number, afterLoad?: AfterLoad): Promise<TuningPoint[]> => {
    console.error(`tune: ${memoryMb} MB, ${env.DURATION} of ramp on ${settings.contenders.join(', ')}…`);
    const run = await runScenario('ramp', { env, runDir: path.join(tuneDir, `${memoryMb}mb`), memoryMb, printComparison: false, yes: true, afterLoad });
    if (run.exitCode !== 0) console.error(`tune: the ${memoryMb} MB run's thresholds failed (exit ${run.exitCode}); its figures are kept`);
    const comparison = JSON.parse(await readFile(path.join(run.runDir, 'compare.json'), 'utf8')) as Comparison;
    return pointsOf(comparison, memoryMb, path.relative(repoRoot, run.runDir));
  };
  let restored = true;
  const perSize: TuningPoint[][] = [];
  if (settings.target === 'aws') {
    // Before any size is changed: a wrong URL is one line, and nothing to set back.
    await probeTarget(settings.baseUrl);
    const aws = await tuneOnAws(
      {
        lambda: new LambdaClient({}),
        logs: new CloudWatchLogsClient({}),
        sizes,
        contenders: settings.contenders,
        requestsPerSize: expectedRequests(profiles.ramp(settings), settings),
        pricing: await loadPricing(process.env.PRICING),
        yes: values.yes,
      },
      measure,
    );
    perSize.push(...aws.perSize);
    restored = aws.restored;
  } else {
    for (const memoryMb of sizes) perSize.push(await measure(memoryMb));
  }
  const points = perSize.flat();
  const tuning: Tuning = {
    schema: tuningSchemaId,
    target: settings.target,
    cpuModel: settings.target === 'aws' ? 'lambda itself' : cpuModel,
    sizes,
    contenders: [...settings.contenders],
    weight,
    points,
    recommendations: Object.fromEntries(settings.contenders.map((name) => [name, recommend(points.filter((point) => point.contender === name), weight)])),
  };
  await writeTuning(tuneDir, tuning);
  process.stdout.write(renderTuningTerminal(tuning));
  console.error(`tune: ${path.relative(process.cwd(), tuneDir)}/tune.json, tune.md, tune.html`);
  // The figures stand; a function left at another size than it had is the user's to fix (a line above says how).
  return restored ? 0 : 1;
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
