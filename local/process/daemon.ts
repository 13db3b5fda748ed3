import type { ChildProcess } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { CommandError } from '../../toolchain/command.ts';
import { spawnTied } from './spawn-tied.ts';

export interface DaemonSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Where it runs, so files a server drops in its working folder stay out of the repository. */
  cwd: string;
  /** stdout and stderr go here, so a failed start can quote the server's own words. */
  logFile: string;
  /** Resolves true once the server answers; polled until then. */
  isReady: () => Promise<boolean>;
  readyTimeoutMs?: number;
}

export interface Daemon {
  readonly name: string;
  readonly pid: number;
  /** SIGTERM, then SIGKILL if it lingers; resolves once the process is gone. */
  stop(): Promise<void>;
}

/** How long a server gets to exit on SIGTERM before it is killed. */
const stopGraceMs = 5_000;

export async function startDaemon(spec: DaemonSpec): Promise<Daemon> {
  const log = openSync(spec.logFile, 'a');
  const child = spawnTied(spec.command, spec.args, { cwd: spec.cwd, env: spec.env ?? process.env, stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null)));
    child.once('error', () => resolve(-1));
  });
  try {
    await waitUntilReady(spec, exited);
  } catch (error) {
    await terminate(child, exited);
    throw error;
  }
  return { name: spec.name, pid: child.pid!, stop: () => terminate(child, exited) };
}

async function waitUntilReady(spec: DaemonSpec, exited: Promise<number | null>): Promise<void> {
  const deadline = Date.now() + (spec.readyTimeoutMs ?? 60_000);
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new CommandError(`${spec.name} exited (${exitCode}) before it was ready: ${lastLogLine(spec.logFile)}`);
    }
    if (await spec.isReady().catch(() => false)) return;
    await sleep(100);
  }
  throw new CommandError(`${spec.name} was not ready after ${spec.readyTimeoutMs ?? 60_000} ms: ${lastLogLine(spec.logFile)}`);
}

async function terminate(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  // The grace period ends with the process: a timer left pending would hold this process open for its length.
  const grace = new AbortController();
  const timeout = sleep(stopGraceMs, 'timeout' as const, { signal: grace.signal }).catch(() => 'exited' as const);
  const first = await Promise.race([exited, timeout]);
  grace.abort();
  if (first === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

function lastLogLine(file: string): string {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  return lines.at(-1) || '(no output)';
}
