/**
 * The thumbnailer's contract, for every contender alike (Node here; Rust and Python follow it).
 *
 * Input: an S3 event as Lambda delivers it, asynchronously: `{ Records: [...] }`. Each record is
 * handled on its own, in order; a record's permanent failure does not stop the ones after it.
 *
 * For each record:
 * 1. A record whose `eventName` does not start with `ObjectCreated:` is skipped: no read, no item.
 *    `eventVersion` is not checked: S3 sends 2.1, and 2.4 and up since its unified versions.
 * 2. The key (`s3.object.key`) is form-decoded: '+' becomes a space, then percent-decoding as
 *    UTF-8 (`red+flower%2B1.jpg` is `red flower+1.jpg`). A key that does not decode fails as
 *    `invalid-key`, its item under the key as it came.
 * 3. The decoded key must start with the upload prefix (`UPLOAD_PREFIX`, `uploads/<contender>/`)
 *    and name something after it; otherwise it fails as `outside-prefix` and is never read.
 * 4. An upload larger than the maximum (`MAX_SOURCE_BYTES`, 25 MiB unless set) fails as
 *    `too-large` without being read whole: by the record's `s3.object.size` before any GetObject,
 *    then by GetObject's ContentLength, then by counting the body as it arrives.
 * 5. The object is read from the record's bucket (`s3.bucket.name`). Its format comes from its
 *    header: JPEG or PNG; any other image fails as `unsupported-format`, bytes no decoder knows as
 *    `not-an-image`. A header that declares more than 50,000,000 pixels (width × height) fails as
 *    `too-many-pixels` before anything is decoded (a decompression bomb). Data that does not decode
 *    without a decoder warning (a truncated JPEG or PNG) fails as `corrupt-image`.
 * 6. The thumbnail: EXIF orientation applied first, then resized to exactly half each oriented
 *    dimension, rounded down, at least 1 px (Lanczos 3); the same format (JPEG at quality 80, PNG
 *    at zlib level 6), in sRGB with no metadata kept (no EXIF, so no orientation tag; no ICC
 *    profile). It is put to the same bucket under the thumbnail prefix (`THUMBNAIL_PREFIX`,
 *    `thumbnails/<contender>/`) followed by the name after the upload prefix, Content-Type
 *    `image/jpeg` or `image/png`.
 * 7. Then the metadata item is put (table `METADATA_TABLE_NAME`, partition key `sourceKey` (S), no
 *    condition, so a retry replaces the item and an upload never has two): `sourceKey` (decoded),
 *    `thumbnailKey`, `format` (`jpeg` or `png`), `sourceWidth`, `sourceHeight` (oriented),
 *    `sourceBytes`, `thumbnailWidth`, `thumbnailHeight`, `thumbnailBytes` (N), `eventTime` (the
 *    record's, as sent), `processedAt` (ISO-8601 UTC with milliseconds), `status` `done`.
 *
 * A permanent failure (steps 2 to 5) writes no thumbnail and puts an item with `status` `failed`,
 * `errorType` (one of `invalid-key`, `outside-prefix`, `too-large`, `not-an-image`,
 * `unsupported-format`, `too-many-pixels`, `corrupt-image`), `errorMessage`, `sourceKey`,
 * `eventTime`, `processedAt`, and what is known of the source (`sourceBytes`, `format`,
 * `sourceWidth`, `sourceHeight`); it logs one JSON line with the bucket, the key, the error type
 * and message, and the invocation goes on with the next record.
 *
 * A store's failure (S3 or DynamoDB unreachable, throttled, refusing, a 5xx, no answer by the
 * deadline, or no time left to send; a GetObject that finds no object is one too) is thrown,
 * ending the invocation with an error so Lambda's asynchronous retries apply; the records before
 * it are done, and doing them again on the retry replaces their thumbnails and items with the same
 * ones.
 *
 * Deadlines: every store call must answer by the invocation's deadline less 0.5 s (kept to log
 * and return), and one whose deadline has passed is not sent. The image work is not interrupted;
 * a record whose work outlasts the time left fails its next call, which is thrown.
 */
import { decodeEventKey, type S3Event, type S3EventRecord } from '../../formats/s3-event.ts';
import { summarize } from '../uuid-writer/store-call.ts';
import type { DoneItem, FailedItem, FailureType } from '../../formats/thumbnail-item.ts';
import type { ItemStore, ObjectStore } from './stores.ts';
import { contentTypes, ImageError, makeThumbnail, type KnownSource, type Thumbnail } from './thumbnail.ts';

export interface Stores {
  objects: ObjectStore;
  items: ItemStore;
}

/** The configuration the records are judged by. */
export interface Settings {
  uploadPrefix: string;
  thumbnailPrefix: string;
  maxSourceBytes: number;
}

export interface Done {
  kind: 'done';
  bucket: string;
  item: DoneItem;
}

export interface Failed {
  kind: 'failed';
  bucket: string;
  item: FailedItem;
}

export interface Skipped {
  kind: 'skipped';
  key: string;
  eventName: string;
}

export type RecordOutcome = Done | Failed | Skipped;

/** A store failed on a record: thrown so that Lambda retries the whole event. */
export class RecordNotFinishedError extends Error {
  override name = 'RecordNotFinishedError';

  constructor(
    readonly index: number,
    readonly key: string,
    cause: unknown,
  ) {
    super(`record ${index} (key '${key}') not finished, for Lambda to retry: ${summarize(cause)}`, { cause });
  }
}

/**
 * Handles the records in order, calling `report` with each one's outcome as it is settled, and
 * resolves to them all; rejects with RecordNotFinishedError on the first store failure.
 */
export async function processRecords(
  event: S3Event,
  stores: Stores,
  settings: Settings,
  deadline: number,
  report: (outcome: RecordOutcome) => void = () => undefined,
): Promise<RecordOutcome[]> {
  const outcomes: RecordOutcome[] = [];
  for (const [index, record] of event.Records.entries()) {
    let outcome: RecordOutcome;
    try {
      outcome = await processRecord(record, stores, settings, deadline);
    } catch (error) {
      throw new RecordNotFinishedError(index, record.s3.object.key, error);
    }
    report(outcome);
    outcomes.push(outcome);
  }
  return outcomes;
}

/** A permanent failure found on the way: what the failed item says. Thrown only within this module. */
class Refusal extends Error {
  constructor(
    readonly type: FailureType,
    message: string,
    readonly known: KnownSource & { bytes?: number } = {},
  ) {
    super(message);
  }
}

async function processRecord(record: S3EventRecord, { objects, items }: Stores, settings: Settings, deadline: number): Promise<RecordOutcome> {
  const { eventName, eventTime, s3 } = record;
  if (!eventName.startsWith('ObjectCreated:')) return { kind: 'skipped', key: s3.object.key, eventName };
  const bucket = s3.bucket.name;
  // The key as it came, until it decodes.
  let sourceKey = s3.object.key;
  try {
    const located = locate(s3.object.key, settings);
    sourceKey = located.sourceKey;
    const source = await readSource(bucket, sourceKey, s3.object.size, settings.maxSourceBytes, objects, deadline);
    const { format, source: size, thumbnail, bytes } = await thumbnailOf(source);
    await objects.write(bucket, located.thumbnailKey, bytes, contentTypes[format], deadline);
    const item: DoneItem = {
      sourceKey,
      thumbnailKey: located.thumbnailKey,
      format,
      sourceWidth: size.width,
      sourceHeight: size.height,
      sourceBytes: source.byteLength,
      thumbnailWidth: thumbnail.width,
      thumbnailHeight: thumbnail.height,
      thumbnailBytes: bytes.byteLength,
      eventTime,
      processedAt: new Date().toISOString(),
      status: 'done',
    };
    await items.put(item, deadline);
    return { kind: 'done', bucket, item };
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const item = failedItem(sourceKey, eventTime, error);
    await items.put(item, deadline);
    return { kind: 'failed', bucket, item };
  }
}

/** The decoded key and its thumbnail's; throws a Refusal for a key that is not the function's to read. */
function locate(encodedKey: string, { uploadPrefix, thumbnailPrefix }: Settings): { sourceKey: string; thumbnailKey: string } {
  let sourceKey: string;
  try {
    sourceKey = decodeEventKey(encodedKey);
  } catch (error) {
    throw new Refusal('invalid-key', summarize(error));
  }
  const name = sourceKey.startsWith(uploadPrefix) ? sourceKey.slice(uploadPrefix.length) : '';
  if (name === '') throw new Refusal('outside-prefix', `the key '${sourceKey}' names nothing under the upload prefix '${uploadPrefix}'`);
  return { sourceKey, thumbnailKey: thumbnailPrefix + name };
}

/** The upload's bytes; throws a Refusal, before reading it whole, for one over the limit. */
async function readSource(
  bucket: string,
  key: string,
  eventSize: number | undefined,
  maxSourceBytes: number,
  objects: ObjectStore,
  deadline: number,
): Promise<Buffer> {
  if (eventSize !== undefined && eventSize > maxSourceBytes) throw tooLarge(eventSize, maxSourceBytes);
  const source = await objects.read(bucket, key, maxSourceBytes, deadline);
  if (source.kind === 'too-large') throw tooLarge(source.bytes, maxSourceBytes);
  return source.bytes;
}

async function thumbnailOf(source: Buffer): Promise<Thumbnail> {
  try {
    return await makeThumbnail(source);
  } catch (error) {
    if (error instanceof ImageError) throw new Refusal(error.type, error.message, { ...error.known, bytes: source.byteLength });
    throw error;
  }
}

function tooLarge(bytes: number, maxSourceBytes: number): Refusal {
  return new Refusal('too-large', `the upload has ${bytes} bytes, more than the ${maxSourceBytes} the function reads`, { bytes });
}

function failedItem(sourceKey: string, eventTime: string, { type, message, known }: Refusal): FailedItem {
  return {
    sourceKey,
    eventTime,
    processedAt: new Date().toISOString(),
    status: 'failed',
    errorType: type,
    errorMessage: message,
    ...(known.format === undefined ? {} : { format: known.format }),
    ...(known.width === undefined ? {} : { sourceWidth: known.width }),
    ...(known.height === undefined ? {} : { sourceHeight: known.height }),
    ...(known.bytes === undefined ? {} : { sourceBytes: known.bytes }),
  };
}
