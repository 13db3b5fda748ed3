/**
 * Test-only: the uuid writer's scratch bucket, plus a fresh metadata table per test keyed on
 * `sourceKey` as the thumbnailer's is, with readers for what the function left in them.
 */
import { GetObjectCommand, paginateListObjectsV2, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateTableCommand, paginateScan, waitUntilTableExists, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach } from 'vitest';
import { deleteTable } from '../../../local/storage/resources.ts';
import { uniqueName, useScratchStorage } from '../../../local/testing/scratch-storage.ts';
import { partitionKey } from '../../../formats/thumbnail-item.ts';

export interface StoredImage {
  bytes: Buffer;
  contentType: string | undefined;
}

type Item = Record<string, string | number>;

export interface ScratchThumbnailStorage {
  s3: S3Client;
  dynamodb: DynamoDBClient;
  bucket: string;
  /** The metadata table. */
  table: string;
  upload(key: string, body: Uint8Array): Promise<void>;
  /** Every key in the bucket, sorted. */
  keys(): Promise<string[]>;
  object(key: string): Promise<StoredImage>;
  /** Every item, S as strings and N as numbers. */
  items(): Promise<Item[]>;
  item(sourceKey: string): Promise<Item | undefined>;
}

export function useScratchThumbnailStorage(): ScratchThumbnailStorage {
  const scratch = useScratchStorage();
  const { s3, dynamodb } = scratch;
  let table = '';
  beforeEach(async () => {
    table = uniqueName('thumbnails');
    await createMetadataTable(dynamodb, table);
  });
  afterEach(() => deleteTable(dynamodb, table));

  const items = async () => {
    const found: Item[] = [];
    for await (const page of paginateScan({ client: dynamodb }, { TableName: table, ConsistentRead: true })) {
      for (const item of page.Items ?? []) {
        found.push(Object.fromEntries(Object.entries(item).map(([name, value]) => [name, value.N === undefined ? (value.S ?? '') : Number(value.N)])));
      }
    }
    return found;
  };
  return {
    s3,
    dynamodb,
    get bucket() {
      return scratch.bucket;
    },
    get table() {
      return table;
    },
    async upload(key, body) {
      await s3.send(new PutObjectCommand({ Bucket: scratch.bucket, Key: key, Body: body }));
    },
    async keys() {
      const keys: string[] = [];
      for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: scratch.bucket })) {
        keys.push(...(page.Contents ?? []).flatMap(({ Key }) => (Key ? [Key] : [])));
      }
      return keys.sort();
    },
    async object(key) {
      const object = await s3.send(new GetObjectCommand({ Bucket: scratch.bucket, Key: key }));
      return { bytes: Buffer.from((await object.Body?.transformToByteArray()) ?? []), contentType: object.ContentType };
    },
    items,
    async item(sourceKey) {
      return (await items()).find((item) => item[partitionKey] === sourceKey);
    },
  };
}

async function createMetadataTable(dynamodb: DynamoDBClient, name: string): Promise<void> {
  await dynamodb.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: partitionKey, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: partitionKey, KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await waitUntilTableExists({ client: dynamodb, minDelay: 1, maxDelay: 2, maxWaitTime: 60 }, { TableName: name });
}
