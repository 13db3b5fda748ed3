import path from 'node:path';
import { rm, stat } from 'node:fs/promises';
import { build } from 'esbuild';
import { buildPaths, repoRoot } from '../toolchain/paths.ts';

const entry = path.join(repoRoot, 'handlers', 'uuid-writer', 'index.ts');

/**
 * Bundles the Node function, AWS SDK included, into the one file Lambda loads as `index.handler`:
 * a bundled SDK is tree-shaken to what the function calls and pinned by package-lock, where the
 * runtime's own copy is neither.
 */
export async function bundleNodeFunction(): Promise<{ file: string; bytes: number }> {
  const file = path.join(buildPaths.nodeFunction, 'index.mjs');
  // The folder is deployed whole, so nothing from an earlier build may linger in it.
  await rm(buildPaths.nodeFunction, { recursive: true, force: true });
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    // The SDK's ES module builds tree-shake; its CommonJS builds do not.
    mainFields: ['module', 'main'],
    minify: true,
    // Linked, not inline: the map stays out of the file Lambda parses at cold start.
    sourcemap: 'linked',
    legalComments: 'none',
    // No banner defining `require`: everything bundled ships as ES modules, so esbuild emits no
    // CommonJS `require` shim (the bundle test fails if one appears).
    logLevel: 'warning',
  });
  return { file, bytes: (await stat(file)).size };
}
