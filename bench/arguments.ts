import type { ParseArgsConfig } from 'node:util';
import { parseOptions } from '../toolchain/options.ts';

/**
 * A benchmark's command-line options. Bad input ends the script with one line and exit code 2,
 * as everywhere in the project, rather than a stack trace or a run on NaN.
 */
export function readOptions<T extends NonNullable<ParseArgsConfig['options']>>(options: T) {
  try {
    return parseOptions(process.argv.slice(2), options).values;
  } catch (error) {
    return refuse((error as Error).message);
  }
}

/** `value` as a number above zero, or the script ends naming the option. */
export function positive(name: string, value: string | undefined, { integer = false } = {}): number {
  const number = Number(value);
  if (!(number > 0) || (integer && !Number.isInteger(number))) return refuse(`invalid --${name}: expected a positive ${integer ? 'integer' : 'number'}, got '${value}'`);
  return number;
}

function refuse(message: string): never {
  console.error(message);
  process.exit(2);
}
