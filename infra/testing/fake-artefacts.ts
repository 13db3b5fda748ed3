import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AppProps } from 'aws-cdk-lib';
import { deployedFunctions, entryFile, type DeployedFunction, type DeployedName } from '../../functions.config.ts';
import { assetContextKey } from '../settings.ts';

const created: string[] = [];

/** Removes every folder `fakeArtefacts` made; for `afterAll`. */
export function removeFakeArtefacts(): void {
  for (const root of created.splice(0)) rmSync(root, { recursive: true, force: true });
}

/**
 * Stand-ins for every deployed function's built artefact (the API's and the thumbnailers), a folder
 * each in a temp folder: the stack only packs them, so the file the stack looks for (a Node file
 * beside its source map, a Python module, a `bootstrap`) is enough to synthesize (no cross-build needed).
 */
export function fakeArtefacts(): { root: string } & Record<DeployedName, string> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-assets-'));
  created.push(root);
  const dir = (name: string, files: Record<string, string>) => {
    const folder = path.join(root, name);
    mkdirSync(folder);
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(folder, file), text);
    return folder;
  };
  const files = ({ code }: DeployedFunction): Record<string, string> => {
    const file = entryFile(code);
    if (code.kind === 'node') return { [file]: 'export const handler = async () => ({ statusCode: 201 });\n', [`${file}.map`]: '{}' };
    if (code.kind === 'python') return { [file]: 'def handler(event, context):\n    return {"statusCode": 201}\n' };
    return { [file]: '#!/bin/sh\n' };
  };
  const folders = Object.fromEntries(deployedFunctions.map((fn) => [fn.name, dir(fn.name, files(fn))])) as Record<DeployedName, string>;
  return { root, ...folders };
}

/** App props that point the stack at the fake artefacts, synthesizing into a temp folder. */
export function appProps(extraContext: Record<string, unknown> = {}): AppProps & { outdir: string } {
  const artefacts = fakeArtefacts();
  return {
    outdir: path.join(artefacts.root, 'cdk.out'),
    context: { ...assetContext(artefacts), ...extraContext },
  };
}

/** The context that points each deployed function at its folder: `<function>Asset` (`nodeThumbnailerAsset`). */
export function assetContext(folders: Record<DeployedName, string>): Record<string, string> {
  return Object.fromEntries(deployedFunctions.map((fn) => [assetContextKey(fn.name), folders[fn.name as DeployedName]]));
}
