import path from 'node:path';
import { runScenario } from './run-scenario.ts';

/**
 * `npm start`: the whole comparison on the local stand-in — toolchain, build, a short ramp on both
 * routes, the side-by-side result — with the time it took.
 */
export async function runMainJob(): Promise<number> {
  const started = performance.now();
  console.error('lambda-duel: toolchain → build → stand-in → ramp on /node and /rust (about 2.5 minutes) → comparison');
  // Raw samples give the comparison its confidence intervals and time series; a short ramp's are small.
  const run = await runScenario('ramp', { env: { DURATION: process.env.DURATION ?? '150s', RAW: process.env.RAW ?? '1' } });
  const minutes = (performance.now() - started) / 60_000;
  console.error(`lambda-duel: done in ${minutes.toFixed(1)} min; results in ${path.relative(process.cwd(), run.runDir)}/`);
  return run.exitCode;
}
