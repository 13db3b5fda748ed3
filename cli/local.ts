import path from 'node:path';
import { functionsFor, readContenders } from '../functions.config.ts';
import { readCpuModel } from '../local/lambda/cpu-model.ts';
import { environmentsPath, standInDefaults } from '../local/defaults.ts';
import { startStandIn } from '../local/stand-in.ts';
import { badInput, CommandError } from '../toolchain/command.ts';
import { repoRoot } from '../toolchain/paths.ts';
import { prepare } from './prepare.ts';
import { localToolSteps } from '../toolchain/index.ts';

/**
 * `npm run local`: the whole stand-in in the foreground until Ctrl-C, then nothing left running;
 * `CONTENDERS=node,rust` serves only those contenders' routes (and the baseline's).
 */
export async function runLocal(): Promise<number> {
  const contenders = oneLine(() => readContenders(process.env.CONTENDERS));
  const cpuModel = oneLine(() => readCpuModel(process.env.CPU_MODEL));
  const port = localPort(process.env.LOCAL_PORT);
  await prepare(localToolSteps, functionsFor(contenders));
  const logDir = path.join(repoRoot, 'results', `local-${timestamp()}`);
  const standIn = await startStandIn({ logDir, port, functions: functionsFor(contenders), cpuModel });
  console.log(`stand-in: ${standIn.url} (CPU model: ${standIn.cpuModel})`);
  for (const route of standIn.routes) console.log(`  ${route.method} ${standIn.url}${route.path}  → ${route.functionName}`);
  console.log(`  DELETE ${standIn.url}${environmentsPath}  → drop every environment (next requests are cold)`);
  console.log(`logs: ${path.relative(repoRoot, logDir)} (one file per function, REPORT records in reports.jsonl)`);
  console.log('Ctrl-C stops everything.');
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.error(`\n${signal}: stopping…`);
  await standIn.stop();
  return 0;
}

function oneLine<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new CommandError((error as Error).message, badInput);
  }
}

function localPort(value: string | undefined): number {
  if (value === undefined) return standInDefaults.port;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new CommandError(`invalid LOCAL_PORT: expected a port number, got '${value}'`);
  return port;
}

/** Sortable and safe in a folder name: 2026-11-23T19-03-07Z. */
export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
}
