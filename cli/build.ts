import path from 'node:path';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { functions } from '../functions.config.ts';
import { artifactsFile, type Artifact, type Artifacts } from '../formats/artifacts.ts';
import { directRunResultsDir } from '../k6.config.ts';
import { bundleNodeFunction } from '../handlers/bundle.ts';
import { bundlePythonFunction } from '../python/bundle.ts';
import { bundleScenarios } from '../scenarios/bundle.ts';
import { runCommand } from '../toolchain/command.ts';
import { buildPaths, repoRoot } from '../toolchain/paths.ts';

/**
 * Everything a run needs: both functions and the k6 tests, and the folder a direct
 * `k6 run dist/<test>.js` writes its summary to (k6 cannot create folders).
 */
export async function buildAll(report: (line: string) => void = console.error): Promise<Artifacts> {
  const artifacts = await buildFunctions(report);
  const tests = await bundleScenarios();
  await mkdir(path.join(repoRoot, directRunResultsDir), { recursive: true });
  report(`build: k6 tests ${tests.map(relative).join(', ')}`);
  return artifacts;
}

/** Builds every deployable artefact: the Node bundles, the Python package and the release `bootstrap` binary. */
export async function buildFunctions(report: (line: string) => void = console.error): Promise<Artifacts> {
  const [node, baseline, python] = await Promise.all([
    bundleNodeFunction(functions.node.code),
    bundleNodeFunction(functions.baseline.code),
    bundlePythonFunction(),
  ]);
  report(`build: node bundle ${relative(node.file)} ${formatBytes(node.bytes)}`);
  report(`build: python package ${relative(python.zip.file)} ${formatBytes(python.zip.bytes)}, unzipped ${formatBytes(python.unzippedBytes)}`);
  report('build: rust release binary (cargo build --release; minutes on a cold cache)…');
  await runCommand('cargo', ['build', '--release', '--locked'], { cwd: buildPaths.rustCrate, echo: true });
  const rust = { file: buildPaths.rustBootstrap, bytes: (await stat(buildPaths.rustBootstrap)).size };
  report(`build: rust binary ${relative(rust.file)} ${formatBytes(rust.bytes)}`);
  const artifacts = {
    node: relativeTo(node),
    rust: relativeTo(rust),
    baseline: relativeTo(baseline),
    python: { ...relativeTo(python.zip), unzippedBytes: python.unzippedBytes },
  };
  await mkdir(buildPaths.dist, { recursive: true });
  await writeFile(path.join(buildPaths.dist, artifactsFile), `${JSON.stringify(artifacts, null, 2)}\n`);
  return artifacts;
}

function relativeTo(artifact: Artifact): Artifact {
  return { file: path.relative(repoRoot, artifact.file), bytes: artifact.bytes };
}

function relative(file: string): string {
  return path.relative(repoRoot, file);
}

function formatBytes(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} bytes (${(bytes / 1024 / 1024).toFixed(2)} MiB)`;
}
