import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../toolchain/command.ts';
import { repoRoot } from '../toolchain/paths.ts';
import { pins } from '../toolchain/pins.ts';
import { artifactsFile, type Artifacts } from '../formats/artifacts.ts';
import { functions } from '../functions.config.ts';
import { pythonArtefactDir } from './bundle.ts';

const dir = path.join(repoRoot, functions.python.code.bundleDir);
const zipFile = `${dir}.zip`;

/** Lambda's limits for a .zip deployment package. */
const zippedLimit = 50 * 1024 * 1024;
const unzippedLimit = 250 * 1024 * 1024;

describe('the Python artefact that `npm run build` made', () => {
  it('holds the handler module, its package and the vendored boto3 at the zip’s root', async () => {
    // When the deployment package is listed
    const listing = await runCommand('python3', ['-m', 'zipfile', '-l', zipFile]);
    const names = listing.split('\n').map((line) => line.split(/\s{2,}/)[0] ?? '');
    // Then Lambda finds `index.handler` and the packages it imports where it looks first
    for (const name of ['index.py', 'uuid_writer/write_uuid.py', 'boto3/__init__.py', 'botocore/__init__.py', 'urllib3/__init__.py']) {
      expect(names).toContain(name);
    }
    // And nothing of the tests came along
    expect(names.some((name) => name.startsWith('tests/') || name.endsWith('bundle.ts'))).toBe(false);
  });

  it('is pure Python, so the stand-in’s package would serve Lambda on x86_64 and arm64 too', async () => {
    const files = await readdir(dir, { recursive: true });
    expect(files.filter((file) => /\.(so|pyd|dylib)$/.test(file))).toEqual([]);
  });

  it('records, for the comparison, the interpreter it runs on here when its minor is not the deployed runtime’s', async () => {
    // Given the machine's CPython, which made the stand-in's venv and compiled the byte-code
    const version = (await runCommand('python3', ['-c', 'import platform; print(platform.python_version())'])).trim();
    // When the build's record is read
    const artifacts = JSON.parse(await readFile(path.join(repoRoot, 'dist', artifactsFile), 'utf8')) as Artifacts;
    // Then it names both, unless the minors agree
    const deployed = functions.python.code.lambdaRuntime;
    const same = `python${version.split('.').slice(0, 2).join('.')}` === deployed;
    expect(artifacts.python?.runtime).toEqual(same ? undefined : { deployed, local: `CPython ${version} (awslambdaric ${pins.python.tools.awslambdaric})` });
  });

  it('fits Lambda’s limits, zipped and unzipped', async () => {
    let unzipped = 0;
    for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
      if (entry.isFile()) unzipped += (await stat(path.join(entry.parentPath, entry.name))).size;
    }
    expect((await stat(zipFile)).size).toBeLessThan(zippedLimit);
    expect(unzipped).toBeLessThan(unzippedLimit);
  });
});

describe('pythonArtefactDir', () => {
  it('keeps each Lambda architecture’s artefact beside the stand-in’s, never in its place', () => {
    // Given the uuid writer's declaration
    const { code } = functions.python;
    // When the folders of its targets are asked for
    const local = pythonArtefactDir(code, { kind: 'local' });
    const lambda = (['arm64', 'x86_64'] as const).map((architecture) => pythonArtefactDir(code, { kind: 'lambda', architecture }));
    // Then the stand-in's is the declared one and each architecture has its own
    expect(local).toBe(dir);
    expect(lambda).toEqual([`${dir}-arm64`, `${dir}-x86_64`]);
  });
});
