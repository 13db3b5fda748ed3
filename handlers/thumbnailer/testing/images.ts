/**
 * Test-only: the images the thumbnailer is tried on, made with sharp at the test's chosen size, and
 * the bad inputs: truncated files and decompression bombs.
 */
import { crc32 } from 'node:zlib';
import sharp from 'sharp';

/** Photo-like pixels: noise, so the file does not compress to nothing and a cut really cuts data. */
function noise(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } });
}

export function jpeg(width: number, height: number): Promise<Buffer> {
  return noise(width, height).jpeg().toBuffer();
}

export function noisyPng(width: number, height: number): Promise<Buffer> {
  return noise(width, height).png().toBuffer();
}

/** An RGBA PNG of the given size. */
export function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 200, g: 30, b: 90, alpha: 0.5 } } }).png().toBuffer();
}

/** A JPEG stored `width`×`height` whose EXIF Orientation 6 says to turn it 90° clockwise to view it. */
export function jpegRotated(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3c8' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
}

export function gif(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#00f' } }).gif().toBuffer();
}

/** The first half of the file. */
export function truncated(image: Buffer): Buffer {
  return image.subarray(0, Math.floor(image.length / 2));
}

/**
 * A bomb by its header alone: a 4×4 PNG whose IHDR (CRC kept valid) declares `width`×`height`, so
 * the file is a few hundred bytes and a decoder that trusts it allocates the whole canvas.
 */
export async function headerBomb(width: number, height: number): Promise<Buffer> {
  const bomb = Buffer.from(await png(4, 4));
  // Signature (8), chunk length (4), 'IHDR' (4), then width and height; the CRC covers type and data.
  bomb.writeUInt32BE(width, 16);
  bomb.writeUInt32BE(height, 20);
  bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)), 29);
  return bomb;
}

/** A real bomb: a canvas of `width`×`height` grey pixels that compresses to a small fraction of a byte each. */
export function canvasBomb(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#808080' } }).greyscale().png({ compressionLevel: 9 }).toBuffer();
}
