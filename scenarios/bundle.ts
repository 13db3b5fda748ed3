import path from 'node:path';
import { readdir } from 'node:fs/promises';
import { build } from 'esbuild';
import { buildPaths, repoRoot } from '../toolchain/paths.ts';

const scenariosDir = path.join(repoRoot, 'scenarios');

/** The load tests: every `scenarios/<name>.ts` except tests and this file. */
export async function scenarioEntries(): Promise<string[]> {
  const files = await readdir(scenariosDir);
  return files.filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && file !== 'bundle.ts').map((file) => path.join(scenariosDir, file));
}

/**
 * Bundles each load test one-to-one into `dist/<name>.js` for k6: ES modules, k6's own modules
 * left to k6, source maps beside them so k6 reports errors at TypeScript lines.
 */
export async function bundleScenarios(): Promise<string[]> {
  const entryPoints = await scenarioEntries();
  await build({
    entryPoints,
    outdir: buildPaths.dist,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    external: ['k6', 'k6/*'],
    sourcemap: true,
    logLevel: 'warning',
  });
  return entryPoints.map((entry) => path.join(buildPaths.dist, `${path.basename(entry, '.ts')}.js`));
}
