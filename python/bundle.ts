import path from 'node:path';
import { cp, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import type { FunctionCode } from '../functions.config.ts';
import { CommandError, runCommand } from '../toolchain/command.ts';
import { deploymentZip } from '../toolchain/deployment-zip.ts';
import { repoRoot, toolsDir } from '../toolchain/paths.ts';

type PythonCode = Extract<FunctionCode, { kind: 'python' }>;

/**
 * The Python contender's code, as a declaration in `functions.config.ts` will name it; until the
 * declaration has it, the build and the tests take it from here.
 */
export const pythonFunctionCode: PythonCode = {
  kind: 'python',
  lambdaRuntime: 'python3.13',
  handler: 'index.handler',
  sourceDir: 'python',
  bundleDir: 'dist/functions/python',
};

export interface PythonArtefact {
  /** The deployable folder: the handler module, its package and the vendored requirements. */
  dir: string;
  /** Everything in the folder, as Lambda counts it against 250 MB unzipped. */
  unzippedBytes: number;
  /** The deployment package, as Lambda counts it against 50 MB zipped. */
  zip: { file: string; bytes: number };
}

/** The function's own code in the source folder: the handler module and its package, no tests. */
const sourceEntries = ['index.py', 'uuid_writer'];

/**
 * Builds the Python function's artefact: the requirements vendored with `pip --require-hashes`
 * (wheels only, no dependency resolution: the file lists every package), then the function's own
 * modules, then byte-code for every module, then the zip. Refuses any wheel that is not pure
 * Python, so the one artefact serves x86_64 and arm64 alike.
 *
 * The byte-code: Lambda's task root is read-only, so a module without a matching `.pyc` is compiled
 * on every cold start. `checked-hash` pycs hold their source's hash, not its mtime (a zip keeps
 * mtimes to 2 s, which defeats timestamp pycs). They are this machine's CPython's (3.11): python3.13
 * on AWS ignores them and compiles in memory.
 */
export async function bundlePythonFunction(code: PythonCode = pythonFunctionCode, python = 'python3'): Promise<PythonArtefact> {
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
  return { dir, unzippedBytes: zip.unzippedBytes, zip: { file: zip.file, bytes: zip.bytes } };
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
