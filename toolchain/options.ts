import { parseArgs, type ParseArgsConfig } from 'node:util';
import { badInput, CommandError } from './command.ts';

/**
 * node:util's parser, strict, with its complaints turned into one line (and the command's usage,
 * when it has one). Positionals only where the command takes them.
 */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  { positionals = false, usage }: { positionals?: boolean; usage?: string } = {},
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: positionals });
  } catch (error) {
    const complaint = (error as Error).message.split('\n')[0]!;
    throw new CommandError(usage ? `${complaint} (${usage})` : complaint, badInput);
  }
}

/** `--name`'s value as a finite number above zero (a whole one, if asked). */
export function positiveOption(name: string, value: string | undefined, { integer = false } = {}): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || (integer && !Number.isInteger(number))) {
    throw new CommandError(`invalid --${name}: expected a positive ${integer ? 'integer' : 'number'}, got '${value}'`, badInput);
  }
  return number;
}
