/**
 * `thumbnails.pipeline.json`: what a thumbnails run's uploads became, per contender, collected by
 * the runner from the bucket, the metadata table, Lambda's on-failure destination and the
 * stand-in's queue once the pipeline has drained; compare reads it. Every upload is counted in
 * exactly one outcome, so the outcomes add up to the uploads; a thumbnail of no upload is counted
 * apart. Types and constants only.
 */
import type { ContenderName } from '../functions.config.ts';
import type { FailureType } from './thumbnail-item.ts';

export const thumbnailPipelineSchemaId = 'lambda-duel/thumbnail-pipeline@1';
export const thumbnailPipelineFile = 'thumbnails.pipeline.json';

/** How many keys of each unwanted outcome are kept by name; the counts are always whole. */
export const outcomeExamples = 10;

export interface KeyList {
  count: number;
  keys: string[];
}

export interface ContenderPipeline {
  /** Objects under the contender's upload prefix for this run: what S3 stored, whatever k6 was told. */
  uploads: number;
  /** A `done` item and its thumbnail object. */
  done: number;
  /** A `failed` item: the function judged the upload (not an image, a bomb…) and recorded why. */
  failed: { count: number; byType: Partial<Record<FailureType, number>> };
  /** No item, but an on-failure record: Lambda gave the event up (retries exhausted, too old). */
  gaveUp: KeyList;
  /**
   * No item and no record, but still in the stand-in's queue when it stopped; on AWS, whose queue
   * cannot be seen, every upload still open when the wait ran out (queued, or lost: unknown).
   */
  unfinished: KeyList;
  /** Neither item, nor record, nor queued event: what must never happen. */
  lost: KeyList;
  /** A `done` item whose thumbnail is missing or named otherwise, or a `failed` one with a thumbnail. */
  inconsistent: KeyList;
  /** Not an outcome of an upload: thumbnails in the run's folder whose upload is not there. */
  strayThumbnails: KeyList;
  /** Upload finished (the record's eventTime) to item put (processedAt), ms, for every done upload. */
  endToEndMs: number[];
  /** The first upload's eventTime and the last item's processedAt (ISO 8601), null when none was done. */
  window: { from: string; to: string } | null;
  /** Bytes of the sources and of the thumbnails of the done uploads. */
  sourceBytes: number;
  thumbnailBytes: number;
}

export interface ThumbnailPipeline {
  schema: typeof thumbnailPipelineSchemaId;
  stores: 'local' | 'aws';
  /** The run's folder under each upload and thumbnail prefix: `<prefix><runId>/`. */
  runId: string;
  /** When the runner stopped waiting, and why: everything settled, or the wait ran out. */
  drained: { at: string; settled: boolean; waitedSeconds: number };
  contenders: Partial<Record<ContenderName, ContenderPipeline>>;
}
