/**
 * The metadata item every thumbnailer keeps for every upload it was notified of, one per source
 * key, in the table `storage.metadataTableName`: a retry of the same event puts the same key again
 * and replaces the item, never adds a second. The functions write it (the contract is in
 * handlers/thumbnailer/process-records.ts); the thumbnails run reads it. Types and constants only.
 */

/**
 * Why bytes make no thumbnail, each a permanent failure of the record:
 * - `not-an-image`: no decoder knows the bytes;
 * - `unsupported-format`: an image, but neither JPEG nor PNG;
 * - `too-many-pixels`: the header declares more than the 50,000,000-pixel cap (a decompression bomb);
 * - `corrupt-image`: a JPEG or PNG header whose data does not decode cleanly (a truncated file).
 */
export type ImageFailureType = 'not-an-image' | 'unsupported-format' | 'too-many-pixels' | 'corrupt-image';

/** Why an upload has no thumbnail: the image's own reasons, and the record's. */
export type FailureType = ImageFailureType | 'outside-prefix' | 'invalid-key' | 'too-large';

export const failureTypes: readonly FailureType[] = ['invalid-key', 'outside-prefix', 'too-large', 'not-an-image', 'unsupported-format', 'too-many-pixels', 'corrupt-image'];

/** What every item holds, done or failed. */
interface ItemBase {
  /** The partition key: the upload's key, decoded. */
  sourceKey: string;
  /** The record's `eventTime`, as S3 wrote it: when S3 finished the upload. */
  eventTime: string;
  /** When the function put this item: ISO-8601, UTC, milliseconds. */
  processedAt: string;
}

export interface DoneItem extends ItemBase {
  status: 'done';
  thumbnailKey: string;
  format: 'jpeg' | 'png';
  /** As the photo stands, after EXIF orientation. */
  sourceWidth: number;
  sourceHeight: number;
  sourceBytes: number;
  thumbnailWidth: number;
  thumbnailHeight: number;
  thumbnailBytes: number;
}

/** A permanent failure: no thumbnail was written, and a retry would fail the same way. */
export interface FailedItem extends ItemBase {
  status: 'failed';
  errorType: FailureType;
  errorMessage: string;
  /** What was known of the source when it failed. */
  format?: string;
  sourceWidth?: number;
  sourceHeight?: number;
  sourceBytes?: number;
}

export type MetadataItem = DoneItem | FailedItem;

/** The table's partition key, a string. */
export const partitionKey = 'sourceKey';
