import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './paths.ts';

interface Manifest {
  name: string;
  engines?: { node?: string };
}

const manifest = (dir: string): Manifest => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
const scoped = (scope: string) =>
  readdirSync(path.join(repoRoot, 'node_modules', scope)).map((name) => manifest(path.join(repoRoot, 'node_modules', scope, name)));
/** The lowest major a `>=N[.x.y]` range admits; anything else is a range this test does not read. */
const lowestMajor = (range: string) => Number(/^>=\s*(\d+)(\.\d+){0,2}$/.exec(range.trim())?.[1] ?? Number.NaN);

describe('the Node the README names', () => {
  it('is one every pinned AWS SDK package supports, so its Node 22 notice is silenced for no user it concerns', () => {
    // Given the oldest Node major this project admits (package.json engines)
    const ours = Number(/\d+/.exec(manifest(repoRoot).engines!.node!)![0]);
    // When every installed AWS SDK and Smithy package is asked which Node it supports
    const packages = [...scoped('@aws-sdk'), ...scoped('@smithy')].filter((pkg) => pkg.engines?.node);
    // Then each admits it: an upgrade that drops Node 20 fails here, not at a user's
    expect(packages.length).toBeGreaterThan(10);
    expect(packages.filter((pkg) => !(lowestMajor(pkg.engines!.node!) <= ours)).map((pkg) => `${pkg.name} ${pkg.engines!.node}`)).toEqual([]);
  });
});
