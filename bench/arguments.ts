import type { ParseArgsConfig } from 'node:util';
import { CommandError } from '../toolchain/command.ts';
import { parseOptions, positiveOption } from '../toolchain/options.ts';

/**
 * A benchmark's command-line options. Bad input ends the script with one line and exit code 2,
 * as everywhere in the project, rather than a stack trace or a run on NaN or Infinity.
 */
export function readOptions<T extends NonNullable<ParseArgsConfig['options']>>(options: T) {
  return orExit(() => parseOptions(process.argv.slice(2), options).values);
}

export function positive(name: string, value: string | undefined, options: { integer?: boolean } = {}): number {
  return orExit(() => positiveOption(name, value, options));
}

/** The benches are scripts, not CLI commands: they print the CommandError themselves, one line and its exit code. */
export function orExit<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof CommandError)) throw error;
    console.error(error.message);
    process.exit(error.exitCode);
  }
}
