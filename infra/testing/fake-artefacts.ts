import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AppProps } from 'aws-cdk-lib';

const created: string[] = [];

/** Removes every folder `fakeArtefacts` made; for `afterAll`. */
export function removeFakeArtefacts(): void {
  for (const root of created.splice(0)) rmSync(root, { recursive: true, force: true });
}

/**
 * Stand-ins for the built artefacts, in a temp folder: the stack only packs them, so a Node file
 * with its source map and a `bootstrap` file are enough to synthesize (no cross-build needed).
 */
export function fakeArtefacts(): { root: string; node: string; rust: string; baseline: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-assets-'));
  created.push(root);
  const dir = (name: string, files: Record<string, string>) => {
    const folder = path.join(root, name);
    mkdirSync(folder);
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(folder, file), text);
    return folder;
  };
  return {
    root,
    node: dir('node', { 'index.mjs': 'export const handler = async () => ({ statusCode: 201 });\n', 'index.mjs.map': '{}' }),
    rust: dir('rust', { bootstrap: '#!/bin/sh\n' }),
    baseline: dir('baseline', { 'index.mjs': 'export const handler = async () => ({ statusCode: 200 });\n', 'index.mjs.map': '{}' }),
  };
}

/** App props that point the stack at the fake artefacts, synthesizing into a temp folder. */
export function appProps(extraContext: Record<string, unknown> = {}): AppProps & { outdir: string } {
  const artefacts = fakeArtefacts();
  return {
    outdir: path.join(artefacts.root, 'cdk.out'),
    context: { nodeAsset: artefacts.node, rustAsset: artefacts.rust, baselineAsset: artefacts.baseline, ...extraContext },
  };
}
