/**
 * The image work: an upload's bytes in, a thumbnail at half each dimension out, in the same format,
 * or an ImageError naming why the bytes cannot be one. sharp (libvips) does all of it: a whole
 * decode, then Lanczos 3, as the other thumbnailers do. For an exact half sharp does not shrink a
 * JPEG on load (its pipeline lowers the shrink factor when it equals the scale, for libjpeg's
 * rounding), so no contender decodes fewer pixels than the others.
 */
import sharp, { type Metadata, type SharpOptions } from 'sharp';
import type { ImageFailureType } from '../../formats/thumbnail-item.ts';

/**
 * The pixel cap, width × height, checked from the header before anything is decoded. 50 MP
 * admits the workload's largest photo (12 MP, 4000×3000) four times over, and a 48/50 MP phone's
 * full-resolution shot (8160×6120 = 49.9 MP); it refuses a decompression bomb such as a 144 MP
 * canvas that compresses to 140 KB, which sharp's own default (268 MP, 0x3FFF²) lets through.
 * Decoding stays bounded too: a 50 MP RGBA canvas is at most 200 MB of pixels for libvips to
 * stream through, where the default would allow over a gigabyte.
 */
export const maxInputPixels = 50_000_000;

/** The formats a thumbnail is made of; any other is refused before it is decoded. */
export const imageFormats = ['jpeg', 'png'] as const;
export type ImageFormat = (typeof imageFormats)[number];

export const contentTypes: Record<ImageFormat, string> = { jpeg: 'image/jpeg', png: 'image/png' };

/** sharp's defaults spelled out where they guard untrusted input, so none can drift. */
const untrustedInput: SharpOptions = {
  limitInputPixels: maxInputPixels,
  // A decoder warning (a truncated JPEG, a bad PNG chunk) fails the image instead of being filled in grey.
  failOn: 'warning',
  // Keeps sharp's SVG and PNG safety limits (for example on PNG text chunks) in force.
  unlimited: false,
  // EXIF orientation is applied first, so the thumbnail stands as the photo is seen.
  autoOrient: true,
};

/** JPEG quality for the thumbnail (sharp's and Pillow's default alike). */
export const jpegQuality = 80;
/** zlib level for PNG thumbnails (libpng's and Pillow's default). */
export const pngCompressionLevel = 6;

export interface Dimensions {
  width: number;
  height: number;
}

export interface Thumbnail {
  format: ImageFormat;
  /** As the photo stands, after EXIF orientation. */
  source: Dimensions;
  thumbnail: Dimensions;
  bytes: Buffer;
}

/** What is known of the source when it failed: its format and size once its header was read. */
export interface KnownSource {
  format?: string;
  width?: number;
  height?: number;
}

export class ImageError extends Error {
  override name = 'ImageError';

  constructor(
    readonly type: ImageFailureType,
    message: string,
    readonly known: KnownSource = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Half of a dimension, rounded down, never below one pixel. */
export function half(size: number): number {
  return Math.max(1, Math.floor(size / 2));
}

/** Makes the thumbnail of an upload, or rejects with an ImageError. */
export async function makeThumbnail(source: Uint8Array): Promise<Thumbnail> {
  const header = await readHeader(source);
  const size = { width: half(header.width), height: half(header.height) };
  try {
    const pipeline = sharp(source, untrustedInput).resize({ ...size, fit: 'fill', kernel: 'lanczos3' });
    const encoded = header.format === 'jpeg' ? pipeline.jpeg({ quality: jpegQuality }) : pipeline.png({ compressionLevel: pngCompressionLevel });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    const thumbnail = { width: info.width, height: info.height };
    return { format: header.format, source: { width: header.width, height: header.height }, thumbnail, bytes: data };
  } catch (error) {
    const type = isPixelLimit(error) ? 'too-many-pixels' : 'corrupt-image';
    const known = { format: header.format, width: header.width, height: header.height };
    throw new ImageError(type, `the ${header.format} does not decode: ${message(error)}`, known, { cause: error });
  }
}

/** The format and the oriented size from the header alone; sharp checks the pixel cap here already. */
async function readHeader(source: Uint8Array): Promise<Dimensions & { format: ImageFormat }> {
  let metadata: Metadata;
  try {
    metadata = await sharp(source, untrustedInput).metadata();
  } catch (error) {
    if (isPixelLimit(error)) throw new ImageError('too-many-pixels', `the image declares more than ${maxInputPixels} pixels`, {}, { cause: error });
    throw new ImageError('not-an-image', `not an image: ${message(error)}`, {}, { cause: error });
  }
  const { format, autoOrient } = metadata;
  if (!isImageFormat(format)) {
    throw new ImageError('unsupported-format', `${format} is not a supported format (only ${imageFormats.join(' and ')})`, { format, ...autoOrient });
  }
  return { format, ...autoOrient };
}

function isImageFormat(format: string): format is ImageFormat {
  return (imageFormats as readonly string[]).includes(format);
}

/** sharp's one message for the cap (`Input image exceeds pixel limit`), from the header or the decoder. */
function isPixelLimit(error: unknown): boolean {
  return error instanceof Error && /exceeds pixel limit/i.test(error.message);
}

/** libvips ends some messages with a second line about the output target, which says nothing of the input. */
function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
