import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildPaths } from '../../toolchain/paths.ts';

const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'client.ts');

/**
 * Bundles the runtime client into the one file each Node execution environment starts. Like the
 * real runtime's own code it is loaded on every cold start, so its load time counts in Init
 * Duration: one minified ES module, nothing but Node built-ins.
 */
export async function bundleNodeRuntime(outfile = path.join(buildPaths.dist, 'local', 'node-runtime.mjs')): Promise<string> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return outfile;
}
