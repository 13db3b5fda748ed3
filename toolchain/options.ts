import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CommandError } from './command.ts';

/** Bad input on a command line exits 2, as everywhere in the project. */
const badOptions = { exitCode: 2 } as const;

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
    throw new CommandError(usage ? `${complaint} (${usage})` : complaint, badOptions);
  }
}
