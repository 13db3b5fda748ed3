import path from 'node:path';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { deployedFunctions, isThumbnailer, type DeployedFunction } from '../functions.config.ts';
import { artifactsFile, type Artifact, type Artifacts } from '../formats/artifacts.ts';
import { directRunResultsDir } from '../k6.config.ts';
import { bundleNodeFunction } from '../handlers/bundle.ts';
import { bundlePythonFunction } from '../python/bundle.ts';
import { bundleScenarios } from '../scenarios/bundle.ts';
import { ensurePhotos } from '../thumbnails/photos.ts';
import { runCommand } from '../toolchain/command.ts';
import { deploymentZip } from '../toolchain/deployment-zip.ts';
import { buildPaths, repoRoot } from '../toolchain/paths.ts';

/**
 * Everything a run needs: its functions (every deployed one unless told), the k6 tests, the photos
 * when a thumbnailer is among them, and the folder a direct `k6 run dist/<test>.js` writes its
 * summary to (k6 cannot create folders). A run builds only what it runs: `npm start` compiles no
 * image code.
 */
export async function buildAll(
  report: (line: string) => void = console.error,
  functions: readonly DeployedFunction[] = deployedFunctions,
): Promise<Artifacts> {
  const artifacts = await buildFunctions(report, functions);
  const tests = await bundleScenarios();
  if (functions.some(isThumbnailer)) await ensurePhotos(report);
  await mkdir(path.join(repoRoot, directRunResultsDir), { recursive: true });
  report(`build: k6 tests ${tests.map(relative).join(', ')}`);
  return artifacts;
}

/**
 * Builds these functions' artefacts as the stand-in runs them (the Node bundles, the Python
 * packages, the release binaries) and zips each as it is deployed, so its sizes are the ones
 * Lambda counts; `artifacts.json` keeps what earlier builds recorded of the others.
 */
export async function buildFunctions(
  report: (line: string) => void = console.error,
  functions: readonly DeployedFunction[] = deployedFunctions,
): Promise<Artifacts> {
  const built = await Promise.all(functions.map(async (fn) => [fn.name, await buildFunction(fn, report)] as const));
  const file = path.join(buildPaths.dist, artifactsFile);
  const artifacts: Artifacts = { ...(await recorded(file)), ...Object.fromEntries(built) };
  for (const [name, artifact] of built) {
    report(`build: ${name} ${artifact.file} ${formatBytes(artifact.bytes)}, unzipped ${formatBytes(artifact.unzippedBytes ?? 0)}`);
  }
  await mkdir(buildPaths.dist, { recursive: true });
  await writeFile(file, `${JSON.stringify(artifacts, null, 2)}\n`);
  return artifacts;
}

/** What an earlier build recorded; nothing when there was none, or it cannot be read. */
async function recorded(file: string): Promise<Artifacts> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Artifacts;
  } catch {
    return {};
  }
}

async function buildFunction(fn: DeployedFunction, report: (line: string) => void): Promise<Artifact> {
  const { code } = fn;
  if (code.kind === 'node') {
    // The linked source map is for people: the stack leaves it out of the Node functions' code too.
    const { dir } = await bundleNodeFunction(code);
    return zipped(dir, (await readdir(dir)).filter((entry) => !entry.endsWith('.map')).sort(), fn.name);
  }
  if (code.kind === 'python') {
    const python = await bundlePythonFunction(code, { kind: 'local' });
    return { file: relative(python.zip.file), bytes: python.zip.bytes, unzippedBytes: python.unzippedBytes, ...(python.runtime ? { runtime: python.runtime } : {}) };
  }
  report(`build: ${fn.name} release binary (cargo build --release; minutes on a cold cache)…`);
  await runCommand('cargo', ['build', '--release', '--locked', '-p', code.package], { cwd: path.join(repoRoot, code.crateDir), echo: true });
  return zipped(await asBootstrap(fn.name, path.join(repoRoot, code.binary)), ['bootstrap'], fn.name);
}

/** `provided.al2023` runs the file named `bootstrap`: a workspace binary of another name is copied to one. */
async function asBootstrap(name: string, binary: string): Promise<string> {
  if (path.basename(binary) === 'bootstrap') return path.dirname(binary);
  const dir = path.join(buildPaths.dist, 'functions', `${name}-bootstrap`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await copyFile(binary, path.join(dir, 'bootstrap'));
  return dir;
}

/** The deployment package, `dist/functions/<name>.zip`, of `entries` of `dir`. */
async function zipped(dir: string, entries: readonly string[], name: string): Promise<Artifact> {
  const zip = await deploymentZip(dir, entries, path.join(buildPaths.dist, 'functions', `${name}.zip`));
  return { ...zip, file: relative(zip.file) };
}

function relative(file: string): string {
  return path.relative(repoRoot, file);
}

function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} bytes (${(bytes / 1024 / 1024).toFixed(2)} MiB)`;
}
