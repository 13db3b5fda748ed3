import path from 'node:path';
import { existsSync } from 'node:fs';
import { architectures, entryFile, functionNames, functions, stageThrottling, type Architecture, type FunctionDeclaration, type FunctionName } from '../functions.config.ts';
import { CommandError } from '../toolchain/command.ts';
import { repoRoot } from '../toolchain/paths.ts';
import { defaultStackName } from './names.ts';
import { rustLambdaDir } from './rust-lambda.ts';

/** Everything about one deployment that is not in the shared declaration: chosen at deploy time. */
export interface StackSettings {
  stackName: string;
  architecture: Architecture;
  /** The folder deployed as each function's code. */
  codeDirs: Record<FunctionName, string>;
  throttling: { rateLimit: number; burstLimit: number };
}

/**
 * Reads the CDK context (`-c key=value` or cdk.json), falling back to the shared declaration:
 * - `architecture`: `arm64` | `x86_64`, every function alike;
 * - `<function>Asset` (`nodeAsset`, `rustAsset`, `pythonAsset`, `baselineAsset`): a folder holding a pre-built artefact;
 * - `throttleRate`, `throttleBurst`: the stage's limits, requests per second and burst.
 * Bad values fail with one line naming the key.
 */
export function readStackSettings(context: (key: string) => unknown): StackSettings {
  const architecture = readArchitecture(context('architecture'));
  const codeDirs = Object.fromEntries(
    functionNames.map((name) => [name, readCodeDir(functions[name], context(`${name}Asset`), architecture)]),
  ) as Record<FunctionName, string>;
  return {
    // One name, known to the tools without asking AWS: they find the functions and the API by it.
    stackName: defaultStackName,
    architecture,
    codeDirs,
    throttling: {
      rateLimit: readNumber('throttleRate', context('throttleRate'), stageThrottling.rateLimit, { integer: false }),
      burstLimit: readNumber('throttleBurst', context('throttleBurst'), stageThrottling.burstLimit, { integer: true }),
    },
  };
}

/**
 * A duel is fair only on one architecture, so a deployment has one: the declaration's, unless the
 * context picks the other for all functions alike.
 */
export function declaredArchitecture(): Architecture {
  const declared = new Set(functionNames.map((name) => functions[name].architecture));
  const [only, ...others] = declared;
  if (!only || others.length > 0) {
    throw new CommandError(`functions.config.ts: every function must declare the same architecture, found ${[...declared].join(' and ')}`);
  }
  return only;
}

function readArchitecture(value: unknown): Architecture {
  if (value === undefined) return declaredArchitecture();
  if (architectures.includes(value as Architecture)) return value as Architecture;
  throw new CommandError(`invalid context architecture: expected ${architectures.join(' or ')}, got '${String(value)}'`);
}

function readCodeDir(declaration: FunctionDeclaration, value: unknown, architecture: Architecture): string {
  const key = `${declaration.name}Asset`;
  const given = readString(key, value);
  const { code } = declaration;
  const dir = given ? path.resolve(given) : code.kind === 'rust' ? rustLambdaDir(architecture) : path.join(repoRoot, code.bundleDir);
  const file = path.join(dir, entryFile(code));
  if (!existsSync(file)) {
    const build = code.kind === 'node' ? 'npm run build' : `npm run build:lambda -- --architecture ${architecture}`;
    throw new CommandError(`missing ${path.relative(process.cwd(), file) || file}: run ${build}, or pass -c ${key}=DIR`);
  }
  return dir;
}

function readString(key: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.trim()) return value.trim();
  throw new CommandError(`invalid context ${key}: expected a non-empty string, got '${String(value)}'`);
}

function readNumber(key: string, value: unknown, fallback: number, { integer }: { integer: boolean }): number {
  if (value === undefined) return fallback;
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : Number.NaN;
  if (!Number.isFinite(number) || number <= 0 || (integer && !Number.isInteger(number))) {
    throw new CommandError(`invalid context ${key}: expected a positive ${integer ? 'whole ' : ''}number, got '${String(value)}'`);
  }
  return number;
}
