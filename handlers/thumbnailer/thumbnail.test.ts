import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { canvasBomb, gif, headerBomb, jpeg, jpegRotated, noisyPng, png, truncated } from './testing/images.ts';
import { half, makeThumbnail, maxInputPixels } from './thumbnail.ts';

/** What a decoder reads back from the thumbnail's bytes, not what the function says it wrote. */
async function decoded(bytes: Buffer) {
  const { format, width, height, orientation, hasAlpha } = await sharp(bytes).metadata();
  return { format, width, height, orientation, hasAlpha };
}

describe('makeThumbnail', () => {
  it('makes a JPEG half as wide and half as high, rounding down', async () => {
    // Given a 101×75 JPEG
    const source = await jpeg(101, 75);

    // When its thumbnail is made
    const made = await makeThumbnail(source);

    // Then it is a 50×37 JPEG, as the decoder reads it, and says so
    expect(await decoded(made.bytes)).toMatchObject({ format: 'jpeg', width: 50, height: 37 });
    expect(made).toMatchObject({ format: 'jpeg', source: { width: 101, height: 75 }, thumbnail: { width: 50, height: 37 } });
  });

  it('keeps a PNG a PNG, with its transparency', async () => {
    // Given a 64×33 PNG with an alpha channel
    const made = await makeThumbnail(await png(64, 33));

    // Then the thumbnail is a 32×16 PNG that still has alpha
    expect(await decoded(made.bytes)).toMatchObject({ format: 'png', width: 32, height: 16, hasAlpha: true });
  });

  it('never goes below one pixel', async () => {
    const made = await makeThumbnail(await png(1, 3));
    expect(await decoded(made.bytes)).toMatchObject({ width: 1, height: 1 });
    expect(half(1)).toBe(1);
  });

  it('turns the photo as its EXIF orientation says before halving it, and leaves no orientation tag', async () => {
    // Given a JPEG stored 60×40 with Orientation 6 (viewed 40×60)
    const made = await makeThumbnail(await jpegRotated(60, 40));

    // Then the source is measured as viewed, and the thumbnail stands upright at 20×30
    expect(made.source).toEqual({ width: 40, height: 60 });
    expect(await decoded(made.bytes)).toMatchObject({ format: 'jpeg', width: 20, height: 30, orientation: undefined });
  });

  it('takes a 12 MP photo, the largest the workload uploads', async () => {
    const made = await makeThumbnail(await jpeg(4000, 3000));
    expect(await decoded(made.bytes)).toMatchObject({ format: 'jpeg', width: 2000, height: 1500 });
  });

  it.each([
    ['a text file', async () => Buffer.from('hello, I am not a picture'), 'not-an-image'],
    ['an empty file', async () => Buffer.alloc(0), 'not-an-image'],
    ['a GIF', () => gif(8, 8), 'unsupported-format'],
    ['a truncated JPEG', async () => truncated(await jpeg(600, 400)), 'corrupt-image'],
    ['a truncated PNG', async () => truncated(await noisyPng(300, 200)), 'corrupt-image'],
    ['a PNG whose header declares 30000×30000', () => headerBomb(30_000, 30_000), 'too-many-pixels'],
  ])('refuses %s as %s', async (_name, source, type) => {
    await expect(makeThumbnail(await source())).rejects.toMatchObject({ name: 'ImageError', type });
  });

  it('refuses a real canvas just over the pixel cap that compresses to a few hundred kilobytes', async () => {
    // Given a 7072×7072 grey PNG: 50,013,184 pixels, just over the cap, in a small file
    const bomb = await canvasBomb(7072, 7072);
    expect(7072 * 7072).toBeGreaterThan(maxInputPixels);
    expect(bomb.length).toBeLessThan(1_000_000);

    // When its thumbnail is made, it fails from the header, as a bomb
    await expect(makeThumbnail(bomb)).rejects.toMatchObject({ type: 'too-many-pixels' });
  });

  it('says what it knew of a corrupt image: its format and size', async () => {
    await expect(makeThumbnail(truncated(await jpeg(600, 400)))).rejects.toMatchObject({
      type: 'corrupt-image',
      known: { format: 'jpeg', width: 600, height: 400 },
      message: expect.stringMatching(/^the jpeg does not decode: .*premature end/),
    });
  });
});
