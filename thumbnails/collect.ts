/**
 * After the uploads: what each one became. Every object the run stored under a contender's upload
 * prefix is matched with its metadata item, its thumbnail, and Lambda's on-failure records, and
 * counted in exactly one outcome (formats/thumbnail-pipeline.ts).
 */
import { BatchGetItemCommand, type AttributeValue, type BatchGetItemCommandOutput, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { thumbnailers, type ContenderName } from '../functions.config.ts';
import { decodeEventKey, type S3Event } from '../formats/s3-event.ts';
import { partitionKey, type FailureType } from '../formats/thumbnail-item.ts';
import { outcomeExamples, type ContenderPipeline, type KeyList } from '../formats/thumbnail-pipeline.ts';

export interface PipelineStores {
  s3: S3Client;
  dynamodb: DynamoDBClient;
  bucket: string;
  /** The metadata table. */
  table: string;
}

/** The fields of an item the outcome needs, as read. */
export interface SeenItem {
  sourceKey: string;
  status: 'done' | 'failed';
  errorType?: FailureType;
  thumbnailKey?: string;
  eventTime: string;
  processedAt: string;
  sourceBytes?: number;
  thumbnailBytes?: number;
}

/** A run's uploads of one contender, its folder under the contender's prefixes. */
export function runFolder(contender: ContenderName, runId: string): { uploads: string; thumbnails: string } {
  const fn = thumbnailers[contender];
  return { uploads: `${fn.uploadPrefix}${runId}/`, thumbnails: `${fn.thumbnailPrefix}${runId}/` };
}

export async function listKeys(stores: PipelineStores, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client: stores.s3 }, { Bucket: stores.bucket, Prefix: prefix })) {
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
  }
  return keys;
}

/** The items of these source keys that exist, by key; BatchGetItem's 100-key pages, unprocessed keys asked again. */
export async function readItems(stores: PipelineStores, sourceKeys: readonly string[]): Promise<Map<string, SeenItem>> {
  const found = new Map<string, SeenItem>();
  for (let start = 0; start < sourceKeys.length; start += 100) {
    let keys: Array<Record<string, AttributeValue>> | undefined = sourceKeys.slice(start, start + 100).map((key) => ({ [partitionKey]: { S: key } }));
    while (keys && keys.length > 0) {
      // Strongly consistent: an item put a moment ago must not be counted lost.
      const answer: BatchGetItemCommandOutput = await stores.dynamodb.send(new BatchGetItemCommand({ RequestItems: { [stores.table]: { Keys: keys, ConsistentRead: true } } }));
      for (const item of answer.Responses?.[stores.table] ?? []) {
        const seen = seenItem(item);
        found.set(seen.sourceKey, seen);
      }
      keys = answer.UnprocessedKeys?.[stores.table]?.Keys;
    }
  }
  return found;
}

function seenItem(item: Record<string, AttributeValue>): SeenItem {
  const text = (name: string) => item[name]?.S;
  const number = (name: string) => (item[name]?.N === undefined ? undefined : Number(item[name]!.N));
  const errorType = text('errorType') as FailureType | undefined;
  const thumbnailKey = text('thumbnailKey');
  const sourceBytes = number('sourceBytes');
  const thumbnailBytes = number('thumbnailBytes');
  return {
    sourceKey: text(partitionKey) ?? '',
    status: text('status') === 'done' ? 'done' : 'failed',
    eventTime: text('eventTime') ?? '',
    processedAt: text('processedAt') ?? '',
    ...(errorType === undefined ? {} : { errorType }),
    ...(thumbnailKey === undefined ? {} : { thumbnailKey }),
    ...(sourceBytes === undefined ? {} : { sourceBytes }),
    ...(thumbnailBytes === undefined ? {} : { thumbnailBytes }),
  };
}

/** The decoded object keys of S3 events: what an on-failure record's or a queued event's payload names. */
export function eventKeys(payload: unknown): string[] {
  const records = (payload as Partial<S3Event> | null)?.Records ?? [];
  return records.flatMap((record) => {
    const key = record?.s3?.object?.key;
    if (typeof key !== 'string') return [];
    try {
      return [decodeEventKey(key)];
    } catch {
      return [key];
    }
  });
}

export interface Sightings {
  uploads: readonly string[];
  items: Map<string, SeenItem>;
  thumbnails: ReadonlySet<string>;
  /** Source keys Lambda gave up, from the on-failure destination. */
  gaveUp: ReadonlySet<string>;
  /** Source keys still queued when the stand-in stopped. */
  unfinished: ReadonlySet<string>;
}

/** One contender's uploads, each in exactly one outcome. */
export function outcomes(contender: ContenderName, runId: string, seen: Sightings): ContenderPipeline {
  const folder = runFolder(contender, runId);
  const thumbnailOf = (source: string) => folder.thumbnails + source.slice(folder.uploads.length);
  const lists = { gaveUp: [] as string[], unfinished: [] as string[], lost: [] as string[], inconsistent: [] as string[] };
  const byType: Partial<Record<FailureType, number>> = {};
  const done: SeenItem[] = [];
  for (const key of seen.uploads) {
    const item = seen.items.get(key);
    if (item?.status === 'done') {
      if (item.thumbnailKey === thumbnailOf(key) && seen.thumbnails.has(item.thumbnailKey)) done.push(item);
      else lists.inconsistent.push(key);
    } else if (item) {
      if (seen.thumbnails.has(thumbnailOf(key))) lists.inconsistent.push(key);
      else if (item.errorType) byType[item.errorType] = (byType[item.errorType] ?? 0) + 1;
      else lists.inconsistent.push(key);
    } else if (seen.gaveUp.has(key)) lists.gaveUp.push(key);
    else if (seen.unfinished.has(key)) lists.unfinished.push(key);
    else lists.lost.push(key);
  }
  const uploads = new Set(seen.uploads);
  // A thumbnail whose upload is not this run's, or was never there, is inconsistent too.
  for (const thumbnail of seen.thumbnails) {
    if (!uploads.has(folder.uploads + thumbnail.slice(folder.thumbnails.length))) lists.inconsistent.push(thumbnail);
  }
  return {
    uploads: seen.uploads.length,
    done: done.length,
    failed: { count: Object.values(byType).reduce((sum, count) => sum + count, 0), byType },
    gaveUp: keyList(lists.gaveUp),
    unfinished: keyList(lists.unfinished),
    lost: keyList(lists.lost),
    inconsistent: keyList(lists.inconsistent),
    endToEndMs: done.map((item) => Date.parse(item.processedAt) - Date.parse(item.eventTime)),
    window: windowOf(done),
    sourceBytes: done.reduce((sum, item) => sum + (item.sourceBytes ?? 0), 0),
    thumbnailBytes: done.reduce((sum, item) => sum + (item.thumbnailBytes ?? 0), 0),
  };
}

function keyList(keys: string[]): KeyList {
  return { count: keys.length, keys: keys.slice(0, outcomeExamples) };
}

function windowOf(done: readonly SeenItem[]): { from: string; to: string } | null {
  if (done.length === 0) return null;
  const from = Math.min(...done.map((item) => Date.parse(item.eventTime)));
  const to = Math.max(...done.map((item) => Date.parse(item.processedAt)));
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}
