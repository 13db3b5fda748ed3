import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const entry = fileURLToPath(new URL('./client/main.ts', import.meta.url));

/**
 * The client script with the parts of Chart.js it uses, as one minified script to inline: the
 * report must open from disk with no network. Chart.js's licence comment is kept, as its MIT
 * licence asks.
 */
export async function bundleClient(): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'inline',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
