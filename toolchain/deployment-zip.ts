import path from 'node:path';
import { readdir, rm, stat } from 'node:fs/promises';
import { runCommand } from './command.ts';

/** A deployment package as Lambda counts it: the zip against 50 MB, what it unpacks to against 250 MB. */
export interface DeploymentZip {
  file: string;
  bytes: number;
  unzippedBytes: number;
}

/**
 * Zips `entries` of `dir` (files or folders, at the zip's root, as Lambda unpacks them into the
 * task root) with Python's own zipfile, deflated, so the build needs nothing beyond python3.
 */
export async function deploymentZip(dir: string, entries: readonly string[], zipFile: string, logFile?: string): Promise<DeploymentZip> {
  await rm(zipFile, { force: true });
  await runCommand('python3', ['-m', 'zipfile', '-c', zipFile, ...entries], { cwd: dir, ...(logFile ? { logFile } : {}) });
  const sizes = await Promise.all(entries.map((entry) => treeBytes(path.join(dir, entry))));
  return { file: zipFile, bytes: (await stat(zipFile)).size, unzippedBytes: sizes.reduce((sum, bytes) => sum + bytes, 0) };
}

/** A file's size, or every file's below a folder. */
async function treeBytes(entry: string): Promise<number> {
  const info = await stat(entry);
  if (!info.isDirectory()) return info.size;
  let bytes = 0;
  for (const child of await readdir(entry, { withFileTypes: true, recursive: true })) {
    if (child.isFile()) bytes += (await stat(path.join(child.parentPath, child.name))).size;
  }
  return bytes;
}
