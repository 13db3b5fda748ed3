/**
 * After the uploads: what the stores hold of them. The objects under a prefix, the metadata items
 * of source keys, and the source keys an S3 event names; outcomes.ts judges what they add up to.
 */
import { BatchGetItemCommand, type AttributeValue, type BatchGetItemCommandOutput, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { decodeEventKey, type S3Event } from '../formats/s3-event.ts';
import { partitionKey, type FailureType } from '../formats/thumbnail-item.ts';

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
