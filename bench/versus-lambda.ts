/**
 * How close the stand-in is to Lambda: per runtime and memory size, the Init Duration and the
 * first invocation's Duration of a hello world on the stand-in, beside what maxday/lambda-perf
 * measured on Lambda for the same runtime, size and architecture on one day, and the same figures
 * for the contenders themselves, which nobody publishes. Each round drops every environment and
 * sends each function one cold request and `--warm` warm ones, in an order that turns each round;
 * a run each under Lambda's CPU model and on whole cores shows what the model changes. Prints a
 * Markdown table per CPU model: medians, with the range of the cold starts.
 *
 *   npm run bench:versus-lambda [-- --rounds 10 --warm 3 --memory 128,256,512,1024]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contenderNames, functions, type Architecture, type FunctionDeclaration } from '../functions.config.ts';
import { reportsFile } from '../formats/report-record.ts';
import { readReports } from '../compare/reports.ts';
import { median, range } from '../compare/statistics.ts';
import { prepare } from '../cli/prepare.ts';
import type { CpuModel } from '../local/lambda/cpu-model.ts';
import { pythonRuntimeDir } from '../local/python-runtime/launch.ts';
import { startStandIn } from '../local/stand-in.ts';
import { startStorage, type LocalStorage } from '../local/storage/index.ts';
import { runCommand } from '../toolchain/command.ts';
import { repoRoot } from '../toolchain/paths.ts';
import { readSizes } from '../tune/sizes.ts';
import { positive, readOptions, orExit } from './arguments.ts';
import { nearestPublishedRuntime, publishedDay, publishedFigures, publishedSource, type PublishedFigures } from './lambda-perf/published.ts';
import { quietSdkNodeNotice } from '../toolchain/sdk-notice.ts';

quietSdkNodeNotice();
const args = readOptions({
  rounds: { type: 'string', default: '10' },
  warm: { type: 'string', default: '3' },
  memory: { type: 'string', default: '128,256,512,1024' },
});
const rounds = positive('rounds', args.rounds, { integer: true });
const warm = positive('warm', args.warm, { integer: true });
const sizes = orExit(() => readSizes(args.memory));
const cpuModels: CpuModel[] = ['lambda', 'whole-cores'];
const helloCrate = path.join(repoRoot, 'bench', 'hello-world', 'rust');

/** A hello world per contender's runtime: what lambda-perf deploys, so its figures are like for like. */
const helloWorlds: Record<(typeof contenderNames)[number], FunctionDeclaration> = {
  node: functions.baseline,
  rust: {
    ...functions.baseline,
    name: 'hello-rust',
    route: { method: 'POST', path: '/hello-rust' },
    code: { ...functions.rust.code, crateDir: path.relative(repoRoot, helloCrate), binary: path.relative(repoRoot, path.join(helloCrate, 'target', 'release', 'bootstrap')) },
  },
  python: {
    ...functions.baseline,
    name: 'hello-python',
    route: { method: 'POST', path: '/hello-python' },
    code: { ...functions.python.code, sourceDir: 'bench/hello-world/python', bundleDir: 'bench/hello-world/python' },
  },
};

/** lambda-perf's name for the runtime a contender runs on here: Python's is the local CPython's, not the deployed one's. */
function runtimeHere(name: (typeof contenderNames)[number]): string {
  const code = functions[name].code;
  if (code.kind === 'rust') return `rust (prov.${code.lambdaRuntime.split('.')[1]})`;
  if (code.kind === 'python') return path.basename(path.dirname(pythonRuntimeDir()));
  return code.lambdaRuntime;
}

const architecture: Architecture = os.arch() === 'arm64' ? 'arm64' : 'x86_64';

interface Measured {
  function: string;
  cpuModel: CpuModel;
  memoryMb: number;
  initMs: number[];
  firstDurationMs: number[];
  warmDurationMs: number[];
  maxMemoryMb: number[];
}

async function request(url: string, fn: FunctionDeclaration): Promise<void> {
  const response = await fetch(`${url}${fn.route.path}`, { method: fn.route.method, body: '{}' });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${fn.route.path} answered ${response.status}`);
}

/** Every function at one size under one CPU model: `rounds` cold starts each, and `warm` warm requests after each. */
async function measureAt(cpuModel: CpuModel, memoryMb: number, measured: FunctionDeclaration[], storage: LocalStorage): Promise<Measured[]> {
  const logDir = mkdtempSync(path.join(os.tmpdir(), `lambda-duel-versus-${cpuModel}-${memoryMb}-`));
  const sized = measured.map((fn) => ({ ...fn, memoryMb }));
  const standIn = await startStandIn({ functions: sized, storage, logDir, cpuModel });
  try {
    if (standIn.cpuModel !== cpuModel) throw new Error(`the stand-in cannot hold the ${cpuModel} CPU model here (no CPU cgroup): nothing to compare`);
    for (let round = 0; round < rounds; round += 1) {
      await standIn.lambda.dropEnvironments();
      const turn = round % sized.length;
      for (const fn of [...sized.slice(turn), ...sized.slice(0, turn)]) {
        for (let index = 0; index <= warm; index += 1) await request(standIn.url, fn);
      }
    }
  } finally {
    await standIn.stop();
  }
  const reports = await readReports(path.join(logDir, reportsFile.name));
  rmSync(logDir, { recursive: true, force: true });
  return sized.map((fn) => {
    const records = reports.get(fn.name) ?? [];
    const cold = records.filter((report) => report.initDurationMs !== undefined);
    const warmRecords = records.filter((report) => report.initDurationMs === undefined);
    if (cold.length !== rounds || warmRecords.length !== rounds * warm) {
      throw new Error(`${fn.name} at ${memoryMb} MB: ${cold.length} cold and ${warmRecords.length} warm REPORTs, expected ${rounds} and ${rounds * warm}`);
    }
    return {
      function: fn.name,
      cpuModel,
      memoryMb,
      initMs: cold.map((report) => report.initDurationMs!),
      firstDurationMs: cold.map((report) => report.durationMs),
      warmDurationMs: warmRecords.map((report) => report.durationMs),
      maxMemoryMb: cold.map((report) => report.maxMemoryUsedMb),
    };
  });
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

function spread(values: number[]): string {
  const { min, max } = range(values);
  return `${ms(median(values))} (${ms(min)}–${ms(max)})`;
}

/** Lambda's Init (p50 and range), here's as a share of it, its first Duration and its Max Memory Used (means): dashes where nothing is published. */
function publishedCells(figures: PublishedFigures | undefined, here: Measured): [string, string, string, string] {
  if (!figures) return ['—', '—', '—', '—'];
  return [spread(figures.initMs), `${(median(here.initMs) / median(figures.initMs)).toFixed(2)}×`, ms(figures.firstDurationMeanMs), figures.maxMemoryMeanMb.toFixed(0)];
}

function table(cpuModel: CpuModel, results: Measured[]): string {
  const lines = [
    `Under ${cpuModel === 'lambda' ? "Lambda's CPU model" : 'whole cores'}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}; ${rounds} cold starts and ${rounds * warm} warm invocations per row, ms`,
    '',
    `| function | runtime | MB | Init here, p50 (range) | Init on Lambda ${architecture}, p50 (range) | here ÷ Lambda | Init on Lambda arm64, p50 | 1st Duration here, p50 | 1st Duration on Lambda ${architecture}, mean | warm Duration here, p50 | Max Memory Used here, p50 MB | on Lambda ${architecture}, mean MB |`,
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const name of contenderNames) {
    const runtime = runtimeHere(name);
    for (const fn of [helloWorlds[name], functions[name]]) {
      for (const memoryMb of sizes) {
        const here = results.find((result) => result.cpuModel === cpuModel && result.memoryMb === memoryMb && result.function === fn.name)!;
        // Only the hello worlds are what lambda-perf measures; a contender's own figures stand alone.
        const isHello = fn === helloWorlds[name];
        const onLambda = isHello ? publishedFigures(runtime, memoryMb, architecture) : undefined;
        const onArm = isHello ? publishedFigures(runtime, memoryMb, 'arm64') : undefined;
        const [init, share, firstDuration, memory] = publishedCells(onLambda, here);
        const cells = [
          isHello ? `hello world (${fn.name})` : `${name} uuid writer`,
          runtime,
          memoryMb,
          spread(here.initMs),
          init,
          share,
          onArm ? ms(median(onArm.initMs)) : '—',
          ms(median(here.firstDurationMs)),
          firstDuration,
          ms(median(here.warmDurationMs)),
          median(here.maxMemoryMb).toFixed(0),
          memory,
        ];
        lines.push(`| ${cells.join(' | ')} |`);
      }
    }
  }
  return lines.join('\n');
}

/** Where a contender deploys to another runtime than the one it runs on here, what Lambda publishes of the deployed one. */
function deployedElsewhere(): string[] {
  return contenderNames.flatMap((name) => {
    const deployed = functions[name].code.lambdaRuntime;
    const here = runtimeHere(name);
    const nearest = nearestPublishedRuntime(deployed);
    if (here === deployed || !nearest || nearest === here) return [];
    const inits = sizes.map((memoryMb) => {
      const figures = [nearest, here].map((runtime) => publishedFigures(runtime, memoryMb, functions[name].architecture));
      return figures.every(Boolean) ? `${memoryMb} MB ${ms(median(figures[0]!.initMs))} against ${ms(median(figures[1]!.initMs))}` : undefined;
    });
    const known = inits.filter(Boolean).join(', ');
    return [`${name} deploys to ${deployed} and runs on ${here} here; ${nearest === deployed ? deployed : `lambda-perf's newest ${nearest}`} starts on Lambda ${functions[name].architecture} in (Init p50, ms) ${known || 'no size measured here'}: the runtime's own difference, which the stand-in cannot show.`];
  });
}

await prepare();
console.error('versus-lambda: hello-world release binary (cargo build --release)…');
await runCommand('cargo', ['build', '--release', '--locked'], { cwd: helloCrate, echo: true });
const measured = contenderNames.flatMap((name) => [helloWorlds[name], functions[name]]);
const storage = await startStorage();
const results: Measured[] = [];
try {
  for (const cpuModel of cpuModels) {
    for (const memoryMb of sizes) {
      console.error(`versus-lambda: ${cpuModel}, ${memoryMb} MB…`);
      results.push(...(await measureAt(cpuModel, memoryMb, measured, storage)));
    }
  }
} finally {
  await storage.stop();
}
console.log(`Lambda's figures: maxday/lambda-perf, ${publishedDay} (${publishedSource}); a hello world per runtime, 10 cold starts a day.\n`);
for (const cpuModel of cpuModels) console.log(`${table(cpuModel, results)}\n`);
for (const line of deployedElsewhere()) console.log(line);
