import path from 'node:path';
import { rm, stat } from 'node:fs/promises';
import { build } from 'esbuild';
import { functions, type Architecture, type FunctionCode } from '../functions.config.ts';
import { repoRoot } from '../toolchain/paths.ts';
import { hostArchitecture } from '../toolchain/host.ts';
import { installNativePackages } from './native-packages.ts';

type NodeCode = Extract<FunctionCode, { kind: 'node' }>;

/**
 * Where a Node function's build for an architecture goes: its declared folder, which the stand-in
 * runs, unless it has native packages for another architecture than this machine's, which get
 * a folder of their own (`<bundleDir>-arm64`) so the stand-in's stays runnable.
 */
export function nodeBundleDir(code: NodeCode, architecture: Architecture = hostArchitecture()): string {
  const own = (code.nativePackages ?? []).length > 0 && architecture !== hostArchitecture();
  return path.join(repoRoot, own ? `${code.bundleDir}-${architecture}` : code.bundleDir);
}

/**
 * Bundles a declared Node function, AWS SDK included, into the one file Lambda loads for its
 * handler (`index.handler` → `index.mjs`): a bundled SDK is tree-shaken to what the function calls
 * and pinned by package-lock, where the runtime's own copy is neither. Its native packages
 * (sharp) stay out of the bundle and are installed beside it for `architecture` (this machine's
 * unless told: what the stand-in runs).
 */
export async function bundleNodeFunction(
  code: NodeCode = functions.node.code,
  architecture: Architecture = hostArchitecture(),
): Promise<{ file: string; bytes: number; dir: string }> {
  const bundleDir = nodeBundleDir(code, architecture);
  const file = path.join(bundleDir, `${code.handler.split('.')[0]}.mjs`);
  // The folder is deployed whole, so nothing from an earlier build may linger in it.
  await rm(bundleDir, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(repoRoot, code.entry)],
    outfile: file,
    bundle: true,
    external: [...(code.nativePackages ?? [])],
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
  await installNativePackages(code.nativePackages ?? [], bundleDir, architecture);
  return { file, bytes: (await stat(file)).size, dir: bundleDir };
}
