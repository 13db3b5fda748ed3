/**
 * The S3 and DynamoDB adapters: what the thumbnailer asks of each store and nothing more. Every
 * call must answer by its deadline (epoch ms), through the uuid writer's `callBy`; any rejection
 * is the store's failure (unreachable, throttled, refused, no time left), which the caller throws
 * on so Lambda retries the event. Both writes overwrite, so a retry repeats them harmlessly.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { callBy } from '../uuid-writer/store-call.ts';
import type { MetadataItem } from '../../formats/thumbnail-item.ts';

/** An upload's bytes, or how many it has when that is more than the caller would read. */
export type SourceObject = { kind: 'read'; bytes: Buffer } | { kind: 'too-large'; bytes: number };

export interface ObjectStore {
  /** Reads the object whole, unless its ContentLength or its body exceeds `maxBytes`; then stops reading. */
  read(bucket: string, key: string, maxBytes: number, deadline: number): Promise<SourceObject>;
  /** Puts the object, replacing any under the key. */
  write(bucket: string, key: string, body: Uint8Array, contentType: string, deadline: number): Promise<void>;
}

export interface ItemStore {
  /** Puts the item, replacing the one with the same source key. */
  put(item: MetadataItem, deadline: number): Promise<void>;
}

/** A GetObject body as the Node SDK hands it: an IncomingMessage, read as chunks, dropped by destroy(). */
type BodyStream = AsyncIterable<Uint8Array> & { destroy(): void };

export function s3ObjectStore(client: S3Client): ObjectStore {
  return {
    read(bucket, key, maxBytes, deadline) {
      // The body is read inside the call, so the deadline bounds the download, not only the headers.
      return callBy('S3 GetObject', deadline, async (abortSignal) => {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal });
        const body = object.Body as BodyStream | undefined;
        if (object.ContentLength !== undefined && object.ContentLength > maxBytes) {
          body?.destroy();
          return { kind: 'too-large', bytes: object.ContentLength };
        }
        return body === undefined ? { kind: 'read', bytes: Buffer.alloc(0) } : readAtMost(body, maxBytes);
      });
    },
    async write(bucket, key, body, contentType, deadline) {
      const command = new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType });
      await callBy('S3 PutObject', deadline, (abortSignal) => client.send(command, { abortSignal }));
    },
  };
}

/** The whole body, or 'too-large' as soon as it passes `maxBytes` (a ContentLength that lied, or none). */
export async function readAtMost(body: BodyStream, maxBytes: number): Promise<SourceObject> {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) {
      body.destroy();
      return { kind: 'too-large', bytes };
    }
    chunks.push(chunk);
  }
  return { kind: 'read', bytes: Buffer.concat(chunks, bytes) };
}

export function dynamoItemStore(client: DynamoDBClient, table: string): ItemStore {
  return {
    async put(item, deadline) {
      // No condition: the source key is the partition key, so a retry replaces its own item.
      const command = new PutItemCommand({ TableName: table, Item: toAttributes(item) });
      await callBy('DynamoDB PutItem', deadline, (abortSignal) => client.send(command, { abortSignal }));
    },
  };
}

/** Strings as S, numbers as N; a field the item does not know is left out. */
export function toAttributes(item: MetadataItem): Record<string, AttributeValue> {
  return Object.fromEntries(
    Object.entries(item).flatMap(([name, value]): [string, AttributeValue][] => {
      if (typeof value === 'number') return [[name, { N: String(value) }]];
      if (typeof value === 'string') return [[name, { S: value }]];
      return [];
    }),
  );
}
