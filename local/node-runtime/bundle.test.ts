import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleNodeRuntime } from './bundle.ts';

describe('bundleNodeRuntime', () => {
  let buildDir: string;
  let source: string;

  beforeAll(async () => {
    buildDir = await mkdtemp(path.join(os.tmpdir(), 'node-runtime-'));
    source = await readFile(await bundleNodeRuntime(path.join(buildDir, 'node-runtime.mjs')), 'utf8');
  });
  afterAll(() => rm(buildDir, { recursive: true, force: true }));

  it('writes one minified ES module that imports only Node built-ins', () => {
    // Given the bundled runtime
    // When its static imports are listed
    const imports = [...source.matchAll(/\bfrom\s*"([^"]+)"/g)].map((match) => match[1]);

    // Then every one is a node: built-in, and the file is a few kilobytes on few lines
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.every((specifier) => specifier?.startsWith('node:'))).toBe(true);
    expect(source.length).toBeLessThan(20_000);
    expect(source.split('\n').length).toBeLessThan(20);
  });

  it('carries none of the stand-in server', () => {
    // Given the bundled runtime
    // When it is searched for the server's code
    // Then the server's routes and answers are not in it
    expect(source).not.toContain('createServer');
    expect(source).not.toContain('No such Runtime API route');
  });
});
