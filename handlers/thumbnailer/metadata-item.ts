/**
 * The item the function keeps for every upload it was notified of, one per source key: a retry of
 * the same event puts the same key again and replaces the item, never adds a second.
 */
import type { ImageFailureType } from './thumbnail.ts';

/** Why an upload has no thumbnail: the image's own reasons, and the record's. */
export type FailureType = ImageFailureType | 'outside-prefix' | 'invalid-key' | 'too-large';

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
