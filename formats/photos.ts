/**
 * The photographs the thumbnails test uploads and their manifest, `dist/photos/photos.json`: the
 * build writes it beside the photos (thumbnails/photos.ts), the runner and k6 (through `open()`)
 * read it. Types and constants only: k6 bundles it.
 */

/** The manifest's name, in the folder that holds the photos. */
export const photosManifestFile = 'photos.json';

export type PhotoFormat = 'jpeg' | 'png';

/** What an upload of each format says it is. */
export const photoContentTypes = { jpeg: 'image/jpeg', png: 'image/png' } as const satisfies Record<PhotoFormat, string>;

/** Where a photo's pixels came from: a real photograph in the pinned wheel, and the terms it was released under. */
export interface PhotoSource {
  /** Its path inside the wheel, e.g. `skimage/data/coffee.png`. */
  photo: string;
  licence: string;
}

export interface ManifestPhoto {
  name: string;
  /** The file's name in the manifest's folder, e.g. `12mp.jpg`. */
  file: string;
  format: PhotoFormat;
  contentType: (typeof photoContentTypes)[PhotoFormat];
  /** Pixels as stored, as the decoder reads them before it applies the EXIF orientation. */
  width: number;
  height: number;
  /** EXIF orientation: 1 is upright as stored; 6 is turned a quarter clockwise to view, `height` wide and `width` high. */
  orientation: 1 | 6;
  /** width × height in millions, to two decimals. */
  megapixels: number;
  bytes: number;
  source: PhotoSource;
}

export interface PhotoManifest {
  /** sha256 of the declared set and the wheel pin it was made from: another value means the photos are stale. */
  declaration: string;
  photos: ManifestPhoto[];
}
