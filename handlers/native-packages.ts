/**
 * A Node function's packages with native parts (sharp and its prebuilt libvips), installed into
 * its bundle folder's `node_modules` for one Lambda architecture. esbuild cannot bundle a `.node`
 * addon, and sharp finds its platform's package at run time by name, so the packages ship beside
 * the bundle, exactly as package-lock.json pins them: which packages, their versions and their
 * integrity hashes all come from the lock, never from a fresh resolution.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Architecture } from '../functions.config.ts';
import { CommandError, runCommand } from '../toolchain/command.ts';
import { repoRoot } from '../toolchain/paths.ts';

/** A Lambda architecture as npm's `cpu` field names it; Lambda's Linux is glibc. */
export const npmCpus: Record<Architecture, string> = { arm64: 'arm64', x86_64: 'x64' };

interface LockEntry {
  version: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  libc?: string[];
}

export interface LockedPackage {
  name: string;
  version: string;
  integrity: string | undefined;
}

/**
 * The packages `roots` need on Linux for one CPU, by the lock: every dependency, and of the
 * optional ones those that name this platform (sharp's `@img/sharp-linux-arm64` and its libvips).
 */
export function lockedClosure(lock: Record<string, LockEntry>, roots: readonly string[], cpu: string): LockedPackage[] {
  const found = new Map<string, LockedPackage>();
  const visit = (name: string, optional: boolean): void => {
    if (found.has(name)) return;
    const entry = lock[`node_modules/${name}`];
    if (!entry) {
      if (optional) return;
      throw new CommandError(`package-lock.json has no entry for ${name}: run npm install`);
    }
    if (optional && !runsOn(entry, cpu)) return;
    found.set(name, { name, version: entry.version, integrity: entry.integrity });
    for (const dependency of Object.keys(entry.dependencies ?? {})) visit(dependency, false);
    for (const dependency of Object.keys(entry.optionalDependencies ?? {})) visit(dependency, true);
  };
  for (const root of roots) visit(root, false);
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** An optional package is for this platform only if it names it: unconstrained fallbacks (wasm32) stay out. */
function runsOn(entry: LockEntry, cpu: string): boolean {
  return entry.os?.includes('linux') === true && entry.cpu?.includes(cpu) === true && (entry.libc === undefined || entry.libc.includes('glibc'));
}

/**
 * Installs the closure into `<dir>/node_modules`: a package the host has installed at the locked
 * version is copied from the project's `node_modules`; any other (another architecture's) is
 * fetched with `npm pack` from the registry and held to the lock's integrity hash.
 */
export async function installNativePackages(roots: readonly string[], dir: string, architecture: Architecture): Promise<LockedPackage[]> {
  if (roots.length === 0) return [];
  const lock = JSON.parse(await readFile(path.join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const closure = lockedClosure(lock.packages, roots, npmCpus[architecture]);
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'lambda-duel-native-'));
  try {
    for (const pkg of closure) await installOne(pkg, path.join(dir, 'node_modules', pkg.name), scratch);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return closure;
}

async function installOne(pkg: LockedPackage, target: string, scratch: string): Promise<void> {
  await mkdir(target, { recursive: true });
  const installed = path.join(repoRoot, 'node_modules', pkg.name);
  if (await hasVersion(installed, pkg.version)) {
    await cp(installed, target, { recursive: true });
    return;
  }
  const tarball = await fetchTarball(pkg, scratch);
  await runCommand('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
}

async function hasVersion(dir: string, version: string): Promise<boolean> {
  const manifest = path.join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  return (JSON.parse(await readFile(manifest, 'utf8')) as { version?: string }).version === version;
}

/** `npm pack name@version`, then the lock's integrity (sha512) checked against the file itself. */
async function fetchTarball(pkg: LockedPackage, scratch: string): Promise<string> {
  const output = await runCommand('npm', ['pack', `${pkg.name}@${pkg.version}`, '--json', '--silent', '--pack-destination', scratch], { cwd: scratch });
  // The JSON is all npm prints on stdout; anything it says on stderr comes before it.
  const [packed] = JSON.parse(output.slice(output.indexOf('['))) as Array<{ filename: string }>;
  if (!packed) throw new CommandError(`npm pack ${pkg.name}@${pkg.version} wrote no tarball`);
  const file = path.join(scratch, packed.filename);
  const integrity = `sha512-${createHash('sha512').update(await readFile(file)).digest('base64')}`;
  if (pkg.integrity !== integrity) {
    throw new CommandError(`${pkg.name}@${pkg.version} from the registry does not match package-lock.json's integrity (${pkg.integrity ?? 'none'}, got ${integrity})`);
  }
  return file;
}
