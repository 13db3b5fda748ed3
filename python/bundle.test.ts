import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../toolchain/command.ts';
import { repoRoot } from '../toolchain/paths.ts';
import { pins } from '../toolchain/pins.ts';
import { artifactsFile, type Artifacts } from '../formats/artifacts.ts';
import { functions, thumbnailers } from '../functions.config.ts';
import { jpeg } from '../handlers/thumbnailer/testing/images.ts';
import { eventOf, putRecord } from '../handlers/thumbnailer/testing/s3-events.ts';
import { useScratchThumbnailStorage } from '../handlers/thumbnailer/testing/scratch-thumbnail-storage.ts';
import { bundlePythonFunction, pythonArtefactDir, type PythonArtefact } from './bundle.ts';

const dir = path.join(repoRoot, functions.python.code.bundleDir);
const zipFile = `${dir}.zip`;

/** Lambda's limits for a .zip deployment package. */
const zippedLimit = 50 * 1024 * 1024;
const unzippedLimit = 250 * 1024 * 1024;

/** The zip's entries, as Lambda unpacks them. */
async function zipEntries(file: string): Promise<string[]> {
  const listing = await runCommand('python3', ['-m', 'zipfile', '-l', file]);
  return listing.split('\n').map((line) => line.split(/\s{2,}/)[0] ?? '');
}

describe('the Python artefact that `npm run build` made', () => {
  it('holds the handler module, its package and the vendored boto3 at the zip’s root', async () => {
    // When the deployment package is listed
    const names = await zipEntries(zipFile);
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

describe('the Python thumbnailer’s artefacts, built here for the stand-in and for Lambda on arm64', () => {
  const storage = useScratchThumbnailStorage();
  let buildRoot = '';
  let local: PythonArtefact;
  let arm64: PythonArtefact;

  beforeAll(async () => {
    // Built into a folder of the test's own, so the stand-in's artefact in dist/ is left alone.
    buildRoot = await mkdtemp(path.join(os.tmpdir(), 'lambda-duel-python-bundle-'));
    const code = { ...thumbnailers.python.code, bundleDir: path.join(buildRoot, 'python-thumbnailer') };
    local = await bundlePythonFunction(code, { kind: 'local' });
    arm64 = await bundlePythonFunction(code, { kind: 'lambda', architecture: 'arm64' });
  });
  afterAll(() => rm(buildRoot, { recursive: true, force: true }));

  it('holds the handler module, its package, the uuid writer modules it imports and no others', async () => {
    const names = await zipEntries(local.zip.file);
    for (const name of ['thumbnail_handler.py', 'thumbnailer/process_records.py', 'uuid_writer/store_call.py', 'uuid_writer/sdk_settings.py', 'PIL/__init__.py', 'boto3/__init__.py']) {
      expect(names).toContain(name);
    }
    // The uuid writer's own workflow and edge are not the thumbnailer's
    expect(names.filter((name) => /^uuid_writer\/(write_uuid|http_response|stores)\.py$/.test(name))).toEqual([]);
    expect(names.some((name) => name.startsWith('tests/') || name.endsWith('.ts') || name === 'followed_imports.py')).toBe(false);
  });

  it('carries Pillow built for this machine’s CPython locally, and for python3.15 on arm64 for Lambda', async () => {
    const version = (await runCommand('python3', ['-c', 'import sys; print(f"{sys.version_info.major}{sys.version_info.minor}")'])).trim();
    const machine = (await runCommand('python3', ['-c', 'import platform; print(platform.machine())'])).trim();
    expect(await readdir(path.join(local.dir, 'PIL'))).toContain(`_imaging.cpython-${version}-${machine}-linux-gnu.so`);
    expect(await readdir(path.join(arm64.dir, 'PIL'))).toContain('_imaging.cpython-315-aarch64-linux-gnu.so');
    expect(arm64.dir).toBe(`${local.dir}-arm64`);
  });

  it('fits Lambda’s limits, zipped and unzipped', () => {
    for (const artefact of [local, arm64]) {
      expect(artefact.zip.bytes).toBeLessThan(zippedLimit);
      expect(artefact.unzippedBytes).toBeLessThan(unzippedLimit);
    }
  });

  it('runs the handler on nothing but its own folder and the standard library', async () => {
    // Given a photo uploaded under the Python thumbnailer's prefix
    const { uploadPrefix, thumbnailPrefix } = thumbnailers.python;
    const photo = await jpeg(64, 48);
    await storage.upload(`${uploadPrefix}photo.jpg`, photo);
    const event = eventOf(putRecord({ bucket: storage.bucket, key: `${uploadPrefix}photo.jpg`, size: photo.length }));
    // When the machine's CPython, without site-packages (-S) or the environment's PYTHONPATH (-I),
    // imports the handler from the local artefact and invokes it
    const script = [
      'import json, sys, types',
      'sys.path.insert(0, sys.argv[1])',
      'import PIL, boto3, thumbnail_handler',
      'context = types.SimpleNamespace(aws_request_id="bundle-test", get_remaining_time_in_millis=lambda: 10_000)',
      'summary = thumbnail_handler.handler(json.loads(sys.argv[2]), context)',
      'print(json.dumps({"summary": summary, "imported": [PIL.__file__, boto3.__file__]}))',
    ].join('\n');
    const env = { ...process.env, ...thumbnailers.python.environment, METADATA_TABLE_NAME: storage.table };
    const output = await runCommand('python3', ['-I', '-S', '-c', script, local.dir, JSON.stringify(event)], { env });
    // Then it made the thumbnail with the artefact's own Pillow and boto3
    const { summary, imported } = JSON.parse(output) as { summary: unknown; imported: string[] };
    expect(summary).toEqual({ done: 1, failed: 0, skipped: 0 });
    expect(imported.every((file) => file.startsWith(`${local.dir}/`))).toBe(true);
    const { bytes, contentType } = await storage.object(`${thumbnailPrefix}photo.jpg`);
    expect(contentType).toBe('image/jpeg');
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'jpeg', width: 32, height: 24 });
  });
});
