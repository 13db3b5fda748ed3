import path from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { functionNames, functionsFor, readContenders, type FunctionName } from '../functions.config.ts';
import { loadPricing } from '../compare/pricing.ts';
import { coldStartsFile } from '../formats/cold-starts.ts';
import { coldStartsOnAws, defaultColdStartRounds, writeColdStarts } from '../infra/aws/cold-start-run.ts';
import { badInput, CommandError } from '../toolchain/command.ts';
import { parseOptions } from '../toolchain/options.ts';
import { repoRoot } from '../toolchain/paths.ts';

/**
 * `cold-starts [--rounds N] [--functions node,rust] [--yes] [--pricing FILE] [--out FILE]`:
 * forces N cold starts per function on AWS and keeps every measurement; the functions are every
 * contender (`CONTENDERS` picks some) and the baseline unless --functions names others.
 */
export async function coldStarts(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    rounds: { type: 'string', default: String(defaultColdStartRounds) },
    functions: { type: 'string', default: defaultFunctions() },
    yes: { type: 'boolean', default: false },
    pricing: { type: 'string' },
    out: { type: 'string', default: path.join(repoRoot, coldStartsFile) },
  });
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 1000) {
    throw new CommandError(`invalid --rounds: expected a whole number from 1 to 1000, got '${values.rounds}'`, badInput);
  }
  const names = readFunctionNames(values.functions!);
  const run = await coldStartsOnAws({ lambda: new LambdaClient({}), functions: names, rounds, pricing: await loadPricing(values.pricing), yes: values.yes! });
  await writeColdStarts(values.out!, run);
  console.error(`cold starts: ${run.records.length} measurements in ${path.relative(process.cwd(), values.out!)}`);
  return 0;
}

/** Every contender CONTENDERS picks (all when unset) and the baseline. */
function defaultFunctions(): string {
  try {
    return functionsFor(readContenders(process.env.CONTENDERS))
      .map((declaration) => declaration.name)
      .join(',');
  } catch (error) {
    throw new CommandError((error as Error).message, badInput);
  }
}

function readFunctionNames(list: string): FunctionName[] {
  const names = list.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !functionNames.includes(name as FunctionName));
  if (names.length === 0 || unknown.length > 0) {
    throw new CommandError(`invalid --functions: expected some of ${functionNames.join(', ')}, got '${list}'`, badInput);
  }
  return names as FunctionName[];
}
