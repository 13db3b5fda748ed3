import { copyFile, mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { photosManifestFile, type PhotoManifest } from '../formats/photos.ts';
import { CommandError } from '../toolchain/command.ts';
import { pins } from '../toolchain/pins.ts';
import { photoSources } from './photo-sources.ts';
import { declarationHash, declaredPhotos, ensurePhotos, ensureWheel, extractFromWheel, verifyWheel, type Photo } from './photos.ts';

// The photos are made into a folder of the test's own, so the run neither reuses nor disturbs dist/photos.
let scratch: string;
let dir: string;
let photos: Photo[];
const firstLines: string[] = [];

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'photos-test-'));
  dir = path.join(scratch, 'photos');
  photos = await ensurePhotos((line) => firstLines.push(line), dir);
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function photo(name: string): Photo {
  const found = photos.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no photo '${name}'`);
  return found;
}

describe('ensurePhotos', () => {
  it('makes every declared photo, each decoding at its declared size, format and orientation', async () => {
    // Given: a folder that held no photos (beforeAll)
    // Then: the set is the declared one, by name and order
    expect(firstLines.at(-1)).toMatch(/^photos: 6 made in .* in [\d.]+ s: /);
    expect(photos.map(({ name }) => name)).toEqual(declaredPhotos.map(({ name }) => name));
    for (const declared of declaredPhotos) {
      const made = photo(declared.name);
      const metadata = await sharp(made.path).metadata();
      expect({ name: declared.name, format: metadata.format, width: metadata.width, height: metadata.height }).toEqual({
        name: declared.name,
        format: declared.format,
        width: declared.width,
        height: declared.height,
      });
      expect(metadata.orientation ?? 1).toBe(declared.orientation);
      if (declared.format === 'jpeg') {
        expect(metadata.isProgressive).toBe(false);
        expect(metadata.chromaSubsampling).toBe('4:2:0');
      }
      // And every pixel decodes: a whole file, not a header
      const { info } = await sharp(made.path).raw().toBuffer({ resolveWithObject: true });
      expect(info.width * info.height).toBe(declared.width * declared.height);
    }
  });

  it('makes a 12-megapixel photo, and one a phone held upright wrote (EXIF orientation 6)', async () => {
    const twelve = photo('12mp');
    expect(twelve.width * twelve.height).toBe(12_000_000);
    expect(twelve.megapixels).toBe(12);

    const upright = await sharp(photo('2mp-upright').path).metadata();
    expect(upright.orientation).toBe(6);
    expect(upright.autoOrient).toEqual({ width: 1224, height: 1632 });
  });

  it('writes a manifest that describes every file as it is, with its source photo and licence', async () => {
    const manifest = JSON.parse(await readFile(path.join(dir, photosManifestFile), 'utf8')) as PhotoManifest;

    expect(manifest.declaration).toBe(declarationHash());
    expect(manifest.photos).toEqual(photos.map(({ path: _path, ...entry }) => entry));
    for (const [index, entry] of manifest.photos.entries()) {
      const declared = declaredPhotos[index]!;
      expect(entry.file).toBe(`${declared.name}.${declared.format === 'jpeg' ? 'jpg' : 'png'}`);
      expect(entry.contentType).toBe(`image/${declared.format}`);
      expect(entry.bytes).toBe((await stat(path.join(dir, entry.file))).size);
      expect(entry.megapixels).toBe(Math.round((entry.width * entry.height) / 10_000) / 100);
      expect(entry.source).toEqual(photoSources[declared.source]);
      expect(entry.source.licence).toMatch(/CC0|public domain/);
    }
  });

  it('makes nothing on a second call: the same files, untouched', async () => {
    // Given: the photos the first call made
    const before = await Promise.all(photos.map(async ({ path: file }) => (await stat(file)).mtimeMs));
    const lines: string[] = [];

    // When
    const again = await ensurePhotos((line) => lines.push(line), dir);

    // Then
    expect(again).toEqual(photos);
    expect(lines).toEqual([expect.stringMatching(/^photos: 6 kept in .*photos$/)]);
    expect(await Promise.all(photos.map(async ({ path: file }) => (await stat(file)).mtimeMs))).toEqual(before);
  });
});

describe('the wheel the photos come from', () => {
  it('refuses a wheel whose sha256 is not the pinned one, in one line', async () => {
    // Given: a copy of the pinned wheel with one byte changed
    const wheel = await ensureWheel(() => {});
    const tampered = path.join(scratch, pins.photoWheel.file);
    await copyFile(wheel, tampered);
    const handle = await open(tampered, 'r+');
    await handle.write(Buffer.from([0xff]), 0, 1, 1000);
    await handle.close();

    // When
    const refusal = await verifyWheel(tampered, pins.photoWheel.sha256).catch((error: unknown) => error);

    // Then
    expect(refusal).toBeInstanceOf(CommandError);
    const message = (refusal as CommandError).message;
    expect(message).not.toContain('\n');
    expect(message).toContain(`not the ${pins.photoWheel.sha256} that toolchain/pins.ts pins`);
    await expect(verifyWheel(wheel, pins.photoWheel.sha256)).resolves.toBeUndefined();
  });

  it('names, in one line, a photo the wheel does not hold', async () => {
    const wheel = await ensureWheel(() => {});

    const refusal = await extractFromWheel(wheel, ['skimage/data/coffee.png', 'skimage/data/lena.png'], path.join(scratch, 'sources')).catch(
      (error: unknown) => error,
    );

    expect(refusal).toBeInstanceOf(CommandError);
    expect((refusal as CommandError).message).toBe(`${pins.photoWheel.file} has no skimage/data/lena.png`);
  });
});
