import path from 'node:path';
import { cp, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { functions, type Architecture, type FunctionCode } from '../functions.config.ts';
import { CommandError, runCommand } from '../toolchain/command.ts';
import { deploymentZip } from '../toolchain/deployment-zip.ts';
import { repoRoot, toolsDir } from '../toolchain/paths.ts';
import { pins } from '../toolchain/pins.ts';
import type { RuntimeNote } from '../formats/comparison.ts';

type PythonCode = Extract<FunctionCode, { kind: 'python' }>;

/** The manylinux platform pip chooses wheels for, per Lambda architecture (AL2023's glibc is 2.34). */
const wheelPlatforms: Record<Architecture, string> = {
  arm64: 'manylinux2014_aarch64',
  x86_64: 'manylinux2014_x86_64',
};

export interface PythonArtefact {
  /** The deployable folder: the handler module, its package and the vendored requirements. */
  dir: string;
  /** Everything in the folder, as Lambda counts it against 250 MB unzipped. */
  unzippedBytes: number;
  /** The deployment package, as Lambda counts it against 50 MB zipped. */
  zip: { file: string; bytes: number };
  /** What runs it locally, when that is another minor than the deployed runtime. */
  runtime?: RuntimeNote;
}

/** The function's own code in the source folder: the handler module and its package, no tests. */
const sourceEntries = ['index.py', 'uuid_writer'];

/**
 * Builds the Python function's artefact without Docker: the requirements vendored with
 * `pip --require-hashes`, chosen as for the Lambda runtime and architecture (`--platform`,
 * `--python-version`, wheels only, no dependency resolution: the file lists every package), then the
 * function's own modules, then byte-code for every module, then the zip. Refuses any wheel that is
 * not pure Python, so the one artefact serves x86_64 and arm64 alike, and runs locally too.
 *
 * The byte-code: Lambda's task root is read-only, so a module without a matching `.pyc` is compiled
 * on every cold start. `checked-hash` pycs hold their source's hash, not its mtime (a zip keeps
 * mtimes to 2 s, which defeats timestamp pycs). They are this machine's CPython's (3.11): python3.15
 * on AWS ignores them and compiles in memory.
 */
export async function bundlePythonFunction(
  code: PythonCode = functions.python.code,
  architecture: Architecture = functions.python.architecture,
  python = 'python3',
): Promise<PythonArtefact> {
  const sourceDir = path.join(repoRoot, code.sourceDir);
  const dir = path.join(repoRoot, code.bundleDir);
  const logFile = path.join(toolsDir, 'logs', 'python-build.log');
  // The folder is deployed whole, so nothing from an earlier build may linger in it.
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await runCommand(
    python,
    [
      '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--quiet',
      '--require-hashes', '--only-binary=:all:', '--no-deps', '--no-compile',
      '--platform', wheelPlatforms[architecture], '--implementation', 'cp',
      '--python-version', code.lambdaRuntime.replace(/^python/, ''),
      '--target', dir, '-r', path.join(sourceDir, 'requirements.txt'),
    ],
    { logFile },
  );
  await assertPurePython(dir);
  // Console scripts (jmespath's `jp.py`) are of no use to a function.
  await rm(path.join(dir, 'bin'), { recursive: true, force: true });
  for (const entry of sourceEntries) {
    await cp(path.join(sourceDir, entry), path.join(dir, entry), { recursive: true, filter: (from) => !from.includes('__pycache__') });
  }
  await runCommand(python, ['-m', 'compileall', '-q', '-j', '0', '--invalidation-mode', 'checked-hash', dir], { logFile });
  const zip = await deploymentZip(dir, (await readdir(dir)).sort(), `${dir}.zip`, logFile);
  const runtime = await localRuntime(code, python);
  return { dir, unzippedBytes: zip.unzippedBytes, zip: { file: zip.file, bytes: zip.bytes }, ...(runtime ? { runtime } : {}) };
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

/** Every vendored wheel must say `Root-Is-Purelib: true` and carry only `-none-any` tags. */
async function assertPurePython(dir: string): Promise<void> {
  const wheels = (await readdir(dir)).filter((name) => name.endsWith('.dist-info'));
  for (const info of wheels) {
    const wheel = await readFile(path.join(dir, info, 'WHEEL'), 'utf8');
    const tags = [...wheel.matchAll(/^Tag: (\S+)$/gm)].map((match) => match[1] ?? '');
    if (!/^Root-Is-Purelib: true$/m.test(wheel) || tags.length === 0 || !tags.every((tag) => tag.endsWith('-none-any'))) {
      throw new CommandError(`${info} is not a pure-Python wheel (tags ${tags.join(', ')}): the artefact must run on arm64 and x86_64`);
    }
  }
}
