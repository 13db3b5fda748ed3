/**
 * The photographs the thumbnails test uploads, made at build time from real photographs that a
 * registry package carries (thumbnails/photo-sources.ts), so git holds nothing large: the pinned
 * scikit-image wheel is downloaded into `.tools/` by pip and checked against its sha256, the sources
 * are read straight out of it, and sharp frames, resizes and encodes the declared set into
 * `dist/photos/` beside its manifest, `photos.json` (formats/photos.ts). A second call finds the
 * manifest of the same declaration and every file at its size, and makes nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { photoContentTypes, photosManifestFile, type ManifestPhoto, type PhotoFormat, type PhotoManifest } from '../formats/photos.ts';
import { CommandError, runCommand, spawnCommand } from '../toolchain/command.ts';
import { buildPaths, repoRoot, toolsDir } from '../toolchain/paths.ts';
import { pins } from '../toolchain/pins.ts';
import { photoSources, type PhotoSourceName } from './photo-sources.ts';

/** A photo as ensurePhotos hands it out: its manifest entry and the file's absolute path. */
export interface Photo extends ManifestPhoto {
  path: string;
}

export const photosDir = path.join(buildPaths.dist, 'photos');
const wheelDir = path.join(toolsDir, 'photo-wheel');
const logFile = path.join(toolsDir, 'logs', 'photo-wheel.log');

interface DeclaredPhoto {
  name: string;
  source: PhotoSourceName;
  format: PhotoFormat;
  /** Pixels as stored; orientation 6 stores the upright picture a quarter turn anticlockwise, as a phone held upright does. */
  width: number;
  height: number;
  orientation: 1 | 6;
  /** Which part of the source the frame keeps: sharp's attention strategy (the most salient region) or the centre. */
  crop: 'attention' | 'centre';
}

/**
 * The upload set, "from a small phone shot to 12 megapixels", each framed 4:3 as a camera frames
 * it. The sources are at most 1411 px on a side, so every photo is upscaled from its source's
 * frame with Lanczos3: phone-small by 1.2 times, 5 MP by 1.8, 12 MP by 4 (from the source with the
 * most fine detail, the Hubble deep field). What the function is measured on is the decoding,
 * resizing and encoding of that many pixels, and an upscaled photo is still a real photo's content
 * (smooth regions, edges, texture), where noise would be none of those and would not compress like
 * a photo. It is smoother than a camera's, though, so its JPEG is smaller: about 1.6 MB at 12 MP
 * where a camera writes several. `2mp-upright` has as many pixels as `2mp`, with EXIF orientation 6,
 * so the cost of honouring the orientation shows on its own.
 */
export const declaredPhotos = [
  { name: 'phone-small', source: 'coffee', format: 'jpeg', width: 640, height: 480, orientation: 1, crop: 'centre' },
  { name: '2mp', source: 'rocket', format: 'jpeg', width: 1632, height: 1224, orientation: 1, crop: 'attention' },
  { name: '2mp-upright', source: 'astronaut', format: 'jpeg', width: 1632, height: 1224, orientation: 6, crop: 'attention' },
  { name: '5mp', source: 'retina', format: 'jpeg', width: 2592, height: 1944, orientation: 1, crop: 'centre' },
  { name: '12mp', source: 'hubble', format: 'jpeg', width: 4000, height: 3000, orientation: 1, crop: 'centre' },
  { name: 'png-1mp', source: 'chelsea', format: 'png', width: 1155, height: 866, orientation: 1, crop: 'attention' },
] as const satisfies readonly DeclaredPhoto[];

/** As a camera writes a JPEG: quality 90, 4:2:0 chroma, baseline (not progressive), the standard Huffman tables. */
const jpegOptions = { quality: 90, chromaSubsampling: '4:2:0', progressive: false, optimiseCoding: false, mozjpeg: false } as const;
const pngOptions = { compressionLevel: 6, adaptiveFiltering: false } as const;
const extensions: Record<PhotoFormat, string> = { jpeg: 'jpg', png: 'png' };
/** Raise it when makePhoto makes other pixels or metadata from the same declaration, so the photos are made again. */
const recipe = 1;

/**
 * The declared photos in `dist/photos/` (or `dir`), made only when they are missing or were made
 * from another declaration or pin.
 */
export async function ensurePhotos(report: (line: string) => void = console.error, dir: string = photosDir): Promise<Photo[]> {
  const declaration = declarationHash();
  const kept = await keptPhotos(dir, declaration);
  if (kept) {
    report(`photos: ${kept.length} kept in ${relative(dir)}`);
    return kept;
  }
  const started = performance.now();
  const wheel = await ensureWheel(report);
  await mkdir(path.dirname(dir), { recursive: true });
  // Made aside and moved in whole, so a reader never sees half a set and two builds do not mix.
  const staging = await mkdtemp(`${dir}-`);
  try {
    await chmod(staging, 0o755);
    const sourcesDir = path.join(staging, 'sources');
    const sources = await extractFromWheel(wheel, [...new Set(declaredPhotos.map(({ source }) => photoSources[source].photo))], sourcesDir);
    const made = await Promise.all(declaredPhotos.map((declared) => makePhoto(declared, sources.get(photoSources[declared.source].photo)!, staging)));
    await rm(sourcesDir, { recursive: true });
    const manifest: PhotoManifest = { declaration, photos: made };
    await writeFile(path.join(staging, photosManifestFile), `${JSON.stringify(manifest, null, 2)}\n`);
    const photos = await publish(staging, dir, declaration, made);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    report(`photos: ${photos.length} made in ${relative(dir)} in ${seconds} s: ${photos.map(describe).join(', ')}`);
    return photos;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** sha256 of everything the photos are made from, so a change to any of it makes them again. */
export function declarationHash(): string {
  const declaration = { recipe, wheel: pins.photoWheel, sources: photoSources, photos: declaredPhotos, jpeg: jpegOptions, png: pngOptions };
  return createHash('sha256').update(JSON.stringify(declaration)).digest('hex');
}

/** The photos of this declaration already in `dir`, every file at its manifest's size; undefined for anything less. */
async function keptPhotos(dir: string, declaration: string): Promise<Photo[] | undefined> {
  const manifest = await readFile(path.join(dir, photosManifestFile), 'utf8')
    .then((text) => JSON.parse(text) as PhotoManifest)
    .catch(() => undefined);
  if (manifest?.declaration !== declaration) return undefined;
  const photos = manifest.photos.map((photo) => located(photo, dir));
  const sizes = await Promise.all(photos.map((photo) => stat(photo.path).then(({ size }) => size, () => -1)));
  return photos.every((photo, index) => sizes[index] === photo.bytes) ? photos : undefined;
}

/** Moves a made set into place; when another build put the same set there first, keeps that one. */
async function publish(staging: string, dir: string, declaration: string, made: ManifestPhoto[]): Promise<Photo[]> {
  await rm(dir, { recursive: true, force: true });
  try {
    await rename(staging, dir);
  } catch (error) {
    const theirs = await keptPhotos(dir, declaration);
    if (!theirs) throw error;
    return theirs;
  }
  return made.map((photo) => located(photo, dir));
}

/** The pinned wheel in `.tools/photo-wheel/`, downloaded by pip if it is not there, and checked against its sha256. */
export async function ensureWheel(report: (line: string) => void): Promise<string> {
  const { name, version, file, sha256 } = pins.photoWheel;
  const wheel = path.join(wheelDir, file);
  if (!existsSync(wheel)) {
    report(`photos: downloading ${file} from PyPI…`);
    await mkdir(wheelDir, { recursive: true });
    // Into a folder of its own first, so an interrupted download never stands where the wheel belongs.
    const download = await mkdtemp(path.join(wheelDir, 'download-'));
    try {
      const args = ['-m', 'pip', 'download', '--disable-pip-version-check', '--no-input', '--no-deps', '--only-binary=:all:'];
      await runCommand('python3', [...args, ...wheelTargetOptions(file), `${name}==${version}`, '-d', download], { logFile });
      await rename(path.join(download, file), wheel).catch(() => {
        throw new CommandError(`pip download saved no ${file} (log: ${relative(logFile)})`);
      });
    } finally {
      await rm(download, { recursive: true, force: true });
    }
  }
  await verifyWheel(wheel, sha256);
  return wheel;
}

/** pip's target options for exactly this wheel's tags, so any machine downloads the pinned file. */
function wheelTargetOptions(file: string): string[] {
  const tags = /-([a-z]+)(\d+)-([^-]+)-([^-]+)\.whl$/.exec(file);
  if (!tags) throw new CommandError(`toolchain/pins.ts: '${file}' is not a wheel's file name`);
  const [, implementation, pythonVersion, abi, platforms] = tags as unknown as [string, string, string, string, string];
  const platformOptions = platforms.split('.').flatMap((platform) => ['--platform', platform]);
  return ['--implementation', implementation, '--python-version', pythonVersion, '--abi', abi, ...platformOptions];
}

/** Refuses a wheel whose sha256 is not the pinned one, in one line. */
export async function verifyWheel(file: string, sha256: string): Promise<void> {
  const actual = createHash('sha256').update(await readFile(file)).digest('hex');
  if (actual !== sha256) {
    throw new CommandError(`${relative(file)} has sha256 ${actual}, not the ${sha256} that toolchain/pins.ts pins: delete it to download it again`);
  }
}

/** Lists what is missing, or writes each member into `dir` by its base name; exit 3 for a missing member. */
const extractScript = `
import json, os, sys, zipfile
wheel, out, *members = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    missing = sorted(set(members) - set(z.namelist()))
    if missing:
        print(json.dumps(missing))
        sys.exit(3)
    os.makedirs(out, exist_ok=True)
    for member in members:
        with open(os.path.join(out, os.path.basename(member)), 'wb') as f:
            f.write(z.read(member))
`;

/** The members' bytes, read out of the wheel by Python's zipfile (through `dir`); a missing one is one line naming it. */
export async function extractFromWheel(wheel: string, members: readonly string[], dir: string): Promise<Map<string, Buffer>> {
  const { code, output } = await spawnCommand('python3', ['-c', extractScript, wheel, dir, ...members]);
  if (code === 3) throw new CommandError(`${path.basename(wheel)} has no ${(JSON.parse(output) as string[]).join(', ')}`);
  if (code !== 0) throw new CommandError(`python3 could not read ${path.basename(wheel)}: ${output.trim().split('\n').at(-1) ?? ''}`);
  const read = await Promise.all(members.map(async (member) => [member, await readFile(path.join(dir, path.basename(member)))] as const));
  return new Map(read);
}

/** One declared photo: the source framed 4:3, resized with Lanczos3, turned for its orientation and encoded. */
async function makePhoto(declared: DeclaredPhoto, source: Buffer, dir: string): Promise<ManifestPhoto> {
  const { name, format, width, height, orientation } = declared;
  const turned = orientation === 6;
  const framed = sharp(source).resize(turned ? height : width, turned ? width : height, {
    fit: 'cover',
    position: declared.crop === 'attention' ? sharp.strategy.attention : 'centre',
    kernel: sharp.kernel.lanczos3,
  });
  const stored = await storedPixels(framed, orientation);
  const file = `${name}.${extensions[format]}`;
  // Every JPEG carries EXIF with its orientation and an sRGB profile (sharp's withMetadata adds both), as a
  // phone writes one, so 2mp and 2mp-upright differ in the orientation alone.
  const encoded = format === 'jpeg' ? stored.jpeg(jpegOptions).withMetadata({ orientation }) : stored.png(pngOptions);
  const info = await encoded.toFile(path.join(dir, file));
  return {
    name,
    file,
    format,
    contentType: photoContentTypes[format],
    width: info.width,
    height: info.height,
    orientation,
    megapixels: Math.round((info.width * info.height) / 10_000) / 100,
    bytes: info.size,
    source: photoSources[declared.source],
  };
}

/**
 * The framed pixels alone, none of the source's own metadata, and for orientation 6 turned a
 * quarter anticlockwise, as it stores them (in a pipeline of their own: within one, sharp would
 * rotate before it resizes).
 */
async function storedPixels(framed: Sharp, orientation: 1 | 6): Promise<Sharp> {
  const { data, info } = await framed.raw().toBuffer({ resolveWithObject: true });
  const pixels = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  return orientation === 6 ? pixels.rotate(270) : pixels;
}

function located(photo: ManifestPhoto, dir: string): Photo {
  return { ...photo, path: path.join(dir, photo.file) };
}

function describe(photo: Photo): string {
  return `${photo.name} ${photo.width}×${photo.height} ${photo.format} ${(photo.bytes / 1024).toFixed(0)} KiB`;
}

function relative(file: string): string {
  return path.relative(repoRoot, file);
}
