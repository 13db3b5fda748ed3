import path from 'node:path';
import { runScenario, validatedCpuModel, validatedSettings } from './run-scenario.ts';

/**
 * `npm start`: the whole comparison on the local stand-in — toolchain, build, a short ramp on every
 * contender's route (`CONTENDERS` picks some), the side-by-side result — with the time it took.
 */
export async function runMainJob(): Promise<number> {
  const started = performance.now();
  // Raw samples give the comparison its confidence intervals and time series; a short ramp's are small.
  const env = { DURATION: process.env.DURATION ?? '150s', RAW: process.env.RAW ?? '1' };
  const { contenders } = validatedSettings({ ...process.env, ...env });
  validatedCpuModel(process.env.CPU_MODEL);
  const routes = contenders.map((name) => `/${name}`);
  console.error(`lambda-duel: toolchain → build → stand-in → ramp on ${routes.slice(0, -1).join(', ')}${routes.length > 1 ? ' and ' : ''}${routes.at(-1)} (about 2.5 minutes) → comparison`);
  const run = await runScenario('ramp', { env });
  const minutes = (performance.now() - started) / 60_000;
  console.error(`lambda-duel: done in ${minutes.toFixed(1)} min; results in ${path.relative(process.cwd(), run.runDir)}/`);
  return run.exitCode;
}
