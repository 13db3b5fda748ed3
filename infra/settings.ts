import path from 'node:path';
import { existsSync } from 'node:fs';
import { architectures, deployedFunctions, entryFile, stageThrottling, type Architecture, type DeployedFunction, type DeployedName } from '../functions.config.ts';
import { nodeBundleDir } from '../handlers/bundle.ts';
import { pythonArtefactDir } from '../python/bundle.ts';
import { CommandError } from '../toolchain/command.ts';
import { repoRoot } from '../toolchain/paths.ts';
import { defaultStackName } from './names.ts';
import { rustLambdaDir } from './rust-lambda.ts';

/** Everything about one deployment that is not in the shared declaration: chosen at deploy time. */
export interface StackSettings {
  stackName: string;
  architecture: Architecture;
  /** The folder deployed as each function's code, the API's and the thumbnailers alike. */
  codeDirs: Record<DeployedName, string>;
  throttling: { rateLimit: number; burstLimit: number };
}

/**
 * Reads the CDK context (`-c key=value` or cdk.json), falling back to the shared declaration:
 * - `architecture`: `arm64` | `x86_64`, every function alike;
 * - `<function>Asset`, the function's name in camel case (`nodeAsset`, `rustAsset`, `pythonAsset`,
 *   `baselineAsset`, `nodeThumbnailerAsset`, `rustThumbnailerAsset`, `pythonThumbnailerAsset`):
 *   a folder holding a pre-built artefact, instead of the build's own (`defaultCodeDir`);
 * - `throttleRate`, `throttleBurst`: the stage's limits, requests per second and burst.
 * Bad values fail with one line naming the key.
 */
export function readStackSettings(context: (key: string) => unknown): StackSettings {
  const architecture = readArchitecture(context('architecture'));
  const codeDirs = Object.fromEntries(
    deployedFunctions.map((fn) => [fn.name, readCodeDir(fn, context(assetContextKey(fn.name)), architecture)]),
  ) as Record<DeployedName, string>;
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
  const declared = new Set(deployedFunctions.map((fn) => fn.architecture));
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

/**
 * The context key naming a function's pre-built folder: its name in camel case, then `Asset`
 * (`node` → `nodeAsset`, `node-thumbnailer` → `nodeThumbnailerAsset`); `-c` keys stay one word.
 */
export function assetContextKey(name: string): string {
  return `${name.replace(/-(.)/g, (_, letter: string) => letter.toUpperCase())}Asset`;
}

/**
 * The folder a function's Lambda build leaves its artefact in, for one architecture: the Node
 * bundle's (its declared `bundleDir`, or `<bundleDir>-<arch>` when its native packages are for
 * another architecture than this machine's), the Python package's `<bundleDir>-<arch>`, the Rust
 * cross-build's `dist/functions/<name>-<arch>`.
 */
export function defaultCodeDir(fn: DeployedFunction, architecture: Architecture): string {
  const { code } = fn;
  if (code.kind === 'rust') return rustLambdaDir(fn, architecture);
  if (code.kind === 'node') return nodeBundleDir(code, architecture);
  return pythonArtefactDir(code, { kind: 'lambda', architecture });
}

function readCodeDir(fn: DeployedFunction, value: unknown, architecture: Architecture): string {
  const key = assetContextKey(fn.name);
  const given = readString(key, value);
  const dir = given ? path.resolve(given) : defaultCodeDir(fn, architecture);
  const file = path.join(dir, entryFile(fn.code));
  if (!existsSync(file)) {
    // A Node bundle is the same for both architectures, unless it carries native packages (sharp).
    const portable = fn.code.kind === 'node' && !fn.code.nativePackages;
    const build = portable ? 'npm run build' : `npm run build:lambda -- --architecture ${architecture}`;
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
