import path from 'node:path';
import { build } from 'esbuild';
import { scenarioNames } from '../k6.config.ts';
import { buildPaths, repoRoot } from '../toolchain/paths.ts';

const scenariosDir = path.join(repoRoot, 'scenarios');

/** The load tests' sources, as k6.config.ts names them. */
export function scenarioEntries(): string[] {
  return scenarioNames.map((name) => path.join(scenariosDir, `${name}.ts`));
}

/**
 * Bundles each load test one-to-one into `dist/<name>.js` for k6: ES modules, k6's own modules
 * left to k6, source maps beside them so k6 reports errors at TypeScript lines.
 */
export async function bundleScenarios(): Promise<string[]> {
  const entryPoints = scenarioEntries();
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
