import path from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { functionNames, functions, type FunctionDeclaration } from '../functions.config.ts';
import { artifactsFile, type Artifact, type Artifacts } from '../formats/artifacts.ts';
import { directRunResultsDir } from '../k6.config.ts';
import { bundleNodeFunction } from '../handlers/bundle.ts';
import { bundlePythonFunction } from '../python/bundle.ts';
import { bundleScenarios } from '../scenarios/bundle.ts';
import { runCommand } from '../toolchain/command.ts';
import { deploymentZip } from '../toolchain/deployment-zip.ts';
import { buildPaths, repoRoot } from '../toolchain/paths.ts';

/**
 * Everything a run needs: every declared function and the k6 tests, and the folder a direct
 * `k6 run dist/<test>.js` writes its summary to (k6 cannot create folders).
 */
export async function buildAll(report: (line: string) => void = console.error): Promise<Artifacts> {
  const artifacts = await buildFunctions(report);
  const tests = await bundleScenarios();
  await mkdir(path.join(repoRoot, directRunResultsDir), { recursive: true });
  report(`build: k6 tests ${tests.map(relative).join(', ')}`);
  return artifacts;
}

/**
 * Builds every declared function's artefact as the stand-in runs it (the Node bundles, the Python
 * package, the release `bootstrap` binary) and zips each as it is deployed, so its sizes are the
 * ones Lambda counts.
 */
export async function buildFunctions(report: (line: string) => void = console.error): Promise<Artifacts> {
  const built = await Promise.all(functionNames.map(async (name) => [name, await buildFunction(functions[name], report)] as const));
  const artifacts: Artifacts = Object.fromEntries(built);
  for (const [name, artifact] of built) {
    report(`build: ${name} ${artifact.file} ${formatBytes(artifact.bytes)}, unzipped ${formatBytes(artifact.unzippedBytes ?? 0)}`);
  }
  await mkdir(buildPaths.dist, { recursive: true });
  await writeFile(path.join(buildPaths.dist, artifactsFile), `${JSON.stringify(artifacts, null, 2)}\n`);
  return artifacts;
}

async function buildFunction(fn: FunctionDeclaration, report: (line: string) => void): Promise<Artifact> {
  const { code } = fn;
  if (code.kind === 'node') {
    // The linked source map is for people: the stack leaves it out of the Node functions' code too.
    return zipped((await bundleNodeFunction(code)).file, fn.name);
  }
  if (code.kind === 'python') {
    const python = await bundlePythonFunction(code, { kind: 'local' });
    return { file: relative(python.zip.file), bytes: python.zip.bytes, unzippedBytes: python.unzippedBytes, ...(python.runtime ? { runtime: python.runtime } : {}) };
  }
  report(`build: ${fn.name} release binary (cargo build --release; minutes on a cold cache)…`);
  await runCommand('cargo', ['build', '--release', '--locked'], { cwd: path.join(repoRoot, code.crateDir), echo: true });
  return zipped(path.join(repoRoot, code.binary), fn.name);
}

/** A one-file deployment package, `dist/functions/<name>.zip`. */
async function zipped(file: string, name: string): Promise<Artifact> {
  const zip = await deploymentZip(path.dirname(file), [path.basename(file)], path.join(buildPaths.dist, 'functions', `${name}.zip`));
  return { ...zip, file: relative(zip.file) };
}

function relative(file: string): string {
  return path.relative(repoRoot, file);
}

function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} bytes (${(bytes / 1024 / 1024).toFixed(2)} MiB)`;
}
