import path from 'node:path';
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import type { Architecture, FunctionCode } from '../functions.config.ts';
import { runCommand } from '../toolchain/command.ts';
import { deploymentZip } from '../toolchain/deployment-zip.ts';
import { repoRoot, toolsDir } from '../toolchain/paths.ts';
import { pins } from '../toolchain/pins.ts';
import type { RuntimeNote } from '../formats/comparison.ts';

type PythonCode = Extract<FunctionCode, { kind: 'python' }>;

/**
 * What an artefact is built for: the stand-in on this machine (its CPython and its architecture,
 * the wheels that interpreter would install), or Lambda's managed runtime on one architecture.
 */
export type PythonTarget = { kind: 'local' } | { kind: 'lambda'; architecture: Architecture };

/**
 * The platforms pip may choose Lambda's wheels for, most wanted first: AL2023's glibc is 2.34, so
 * manylinux_2_28 (Pillow's wheels) and manylinux2014, which most native wheels carry, both run.
 */
const lambdaPlatforms: Record<Architecture, readonly string[]> = {
  arm64: ['manylinux_2_28_aarch64', 'manylinux2014_aarch64'],
  x86_64: ['manylinux_2_28_x86_64', 'manylinux2014_x86_64'],
};

export interface PythonArtefact {
  /** The deployable folder: the handler module, its package, the modules they import and the vendored requirements. */
  dir: string;
  /** Everything in the folder, as Lambda counts it against 250 MB unzipped. */
  unzippedBytes: number;
  /** The deployment package, as Lambda counts it against 50 MB zipped. */
  zip: { file: string; bytes: number };
  /** What runs the local artefact, when that is another minor than the deployed runtime. */
  runtime?: RuntimeNote;
}

/**
 * The folder of a function's artefact for a target: the declared `bundleDir` for the stand-in,
 * `<bundleDir>-<architecture>` for Lambda (as the Rust cross-build's `rust-<arch>`), so a Lambda
 * build never replaces the wheels the stand-in runs.
 */
export function pythonArtefactDir(code: PythonCode, target: PythonTarget): string {
  const dir = path.resolve(repoRoot, code.bundleDir);
  return target.kind === 'local' ? dir : `${dir}-${target.architecture}`;
}

/**
 * Builds a Python function's artefact without Docker: the declared `requirements` vendored with
 * `pip --require-hashes` (wheels only, no dependency resolution: the file lists every package),
 * chosen for the target (`--platform`, `--python-version` for Lambda; this interpreter's own tags
 * locally), then the declared `sources` and the modules of `sourceDir` they import, then byte-code
 * for every module, then the zip.
 *
 * A function whose wheels are all pure Python (the uuid writer's boto3) gets the same files for
 * every target, so its local artefact would serve Lambda too; one with platform wheels (Pillow's
 * native code) must be built for each, and `pythonArtefactDir` keeps them apart.
 *
 * The byte-code: Lambda's task root is read-only, so a module without a matching `.pyc` is compiled
 * on every cold start. `checked-hash` pycs hold their source's hash, not its mtime (a zip keeps
 * mtimes to 2 s, which defeats timestamp pycs). They are this machine's CPython's (3.11): python3.15
 * on AWS ignores them and compiles in memory.
 */
export async function bundlePythonFunction(code: PythonCode, target: PythonTarget, python = 'python3'): Promise<PythonArtefact> {
  const sourceDir = path.resolve(repoRoot, code.sourceDir);
  const dir = pythonArtefactDir(code, target);
  const logFile = path.join(toolsDir, 'logs', `${path.basename(dir)}-build.log`);
  // The folder is deployed whole, so nothing from an earlier build may linger in it.
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await runCommand(
    python,
    [
      '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--quiet',
      '--require-hashes', '--only-binary=:all:', '--no-deps', '--no-compile',
      ...wheelSelection(code, target),
      '--target', dir, '-r', path.join(sourceDir, code.requirements),
    ],
    { logFile },
  );
  // Console scripts (jmespath's `jp.py`) are of no use to a function.
  await rm(path.join(dir, 'bin'), { recursive: true, force: true });
  for (const entry of await functionSources(code, sourceDir, python)) {
    await cp(path.join(sourceDir, entry), path.join(dir, entry), { recursive: true, filter: (from) => !from.includes('__pycache__') });
  }
  await runCommand(python, ['-m', 'compileall', '-q', '-j', '0', '--invalidation-mode', 'checked-hash', dir], { logFile });
  const zip = await deploymentZip(dir, (await readdir(dir)).sort(), `${dir}.zip`, logFile);
  const runtime = target.kind === 'local' ? await localRuntime(code, python) : undefined;
  return { dir, unzippedBytes: zip.unzippedBytes, zip: { file: zip.file, bytes: zip.bytes }, ...(runtime ? { runtime } : {}) };
}

/** pip's wheel tags: none beyond the interpreter's own locally, Lambda's runtime and platform otherwise. */
function wheelSelection(code: PythonCode, target: PythonTarget): string[] {
  if (target.kind === 'local') return [];
  return [
    ...lambdaPlatforms[target.architecture].flatMap((platform) => ['--platform', platform]),
    '--implementation', 'cp',
    '--python-version', code.lambdaRuntime.replace(/^python/, ''),
  ];
}

/**
 * The declared sources, whole, and every other module of the source folder they import (the
 * thumbnailer's use of `uuid_writer/store_call.py`), alone: the rest of that package is not the
 * function's. `followed_imports.py` asks the interpreter's own modulefinder.
 */
async function functionSources(code: PythonCode, sourceDir: string, python: string): Promise<string[]> {
  const script = path.join(repoRoot, 'python', 'followed_imports.py');
  const imported = (await runCommand(python, [script, sourceDir, ...code.sources])).split('\n').filter(Boolean);
  const declared = (file: string) => code.sources.some((entry) => file === entry || file.startsWith(`${entry}/`));
  return [...code.sources, ...imported.filter((file) => !declared(file))];
}

/**
 * The interpreter the byte-code was compiled by is the one the stand-in's venv is made from; when
 * its minor is not the deployed runtime's, the comparison must say so, as speed and byte-code differ.
 */
async function localRuntime(code: PythonCode, python: string): Promise<RuntimeNote | undefined> {
  const version = (await runCommand(python, ['-c', 'import platform; print(platform.python_version())'])).trim();
  const deployedMinor = code.lambdaRuntime.replace(/^python/, '');
  if (version.split('.').slice(0, 2).join('.') === deployedMinor) return undefined;
  return { deployed: code.lambdaRuntime, local: `CPython ${version} (awslambdaric ${pins.python.tools.awslambdaric})` };
}
