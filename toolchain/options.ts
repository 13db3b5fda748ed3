import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CommandError } from './command.ts';

/** node:util's parser, strict and without positionals, with its complaints turned into one line. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new CommandError((error as Error).message);
  }
}
