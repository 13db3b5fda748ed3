import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * A failure the user can act on: one line, no stack. The CLI prints `message` and exits with
 * `exitCode`: 1 by default, 2 for input that is not what the command reads.
 */
export class CommandError extends Error {
  override name = 'CommandError';
  readonly exitCode: number;

  constructor(message: string, options: { exitCode?: number } = {}) {
    super(message);
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Input that is not what the command reads: exit code 2. */
export const badInput = { exitCode: 2 } as const;

export interface CommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Output goes here too, so a failure can point at the whole log. */
  logFile?: string;
  /** Also show the output live on stderr (long builds and test runs). */
  echo?: boolean;
}

export interface CommandResult {
  code: number;
  output: string;
}

/** Runs a command to completion, whatever its exit code. */
export async function spawnCommand(command: string, args: string[], options: CommandOptions = {}): Promise<CommandResult> {
  const output: Buffer[] = [];
  const log = options.logFile ? openLog(options.logFile) : undefined;
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk: Buffer) => {
      output.push(chunk);
      log?.write(chunk);
      if (options.echo) process.stderr.write(chunk);
    });
  }
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(new CommandError(error.code === 'ENOENT' ? `'${command}' is not installed or not on PATH` : error.message)),
    );
    child.on('close', (exitCode, signal) => resolve(exitCode ?? (signal ? 128 : 1)));
  });
  await new Promise<void>((resolve) => (log ? log.end(resolve) : resolve()));
  return { code, output: Buffer.concat(output).toString('utf8') };
}

/** Runs a command that must succeed; rejects with a one-line CommandError naming it and its log. */
export async function runCommand(command: string, args: string[], options: CommandOptions = {}): Promise<string> {
  const { code, output } = await spawnCommand(command, args, options);
  if (code !== 0) {
    const where = options.logFile ? ` (log: ${path.relative(process.cwd(), options.logFile)})` : `: ${lastLine(output)}`;
    throw new CommandError(`${command} ${args.join(' ')} exited with ${code}${where}`);
  }
  return output;
}

function openLog(file: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  return createWriteStream(file);
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
