import path from 'node:path';
import { rm, stat } from 'node:fs/promises';
import { build } from 'esbuild';
import { functions, type FunctionCode } from '../functions.config.ts';
import { repoRoot } from '../toolchain/paths.ts';

type NodeCode = Extract<FunctionCode, { kind: 'node' }>;

/**
 * Bundles a declared Node function, AWS SDK included, into the one file Lambda loads for its
 * handler (`index.handler` → `index.mjs`): a bundled SDK is tree-shaken to what the function calls
 * and pinned by package-lock, where the runtime's own copy is neither.
 */
export async function bundleNodeFunction(code: NodeCode = functions.node.code): Promise<{ file: string; bytes: number }> {
  const bundleDir = path.join(repoRoot, code.bundleDir);
  const file = path.join(bundleDir, `${code.handler.split('.')[0]}.mjs`);
  // The folder is deployed whole, so nothing from an earlier build may linger in it.
  await rm(bundleDir, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(repoRoot, code.entry)],
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
