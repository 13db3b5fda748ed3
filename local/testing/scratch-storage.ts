/**
 * Test-only: gives each test its own bucket and table on the local servers, so test files run in
 * parallel and every assertion sees only what its own test wrote.
 */
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { paginateScan, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { createBucket, createTable, deleteBucket, deleteTable, localClients } from '../storage/resources.ts';
import { storageVariables } from '../../functions.config.ts';
import { awsVariables } from '../storage/variables.ts';

export interface StoredObject {
  key: string;
  body: string;
  contentType: string | undefined;
}

export interface ScratchStorage {
  /** Clients for the local servers, shared by the tests of one file. */
  s3: S3Client;
  dynamodb: DynamoDBClient;
  bucket: string;
  table: string;
  /** What the function's process needs: the standard AWS variables plus its bucket and table. */
  env: Record<string, string>;
  objects(): Promise<StoredObject[]>;
  /** Every item, string attributes flattened to plain values. */
  items(): Promise<Record<string, string | undefined>[]>;
}

/** A name no test has used: `prefix-` and a UUID, valid for S3 buckets and DynamoDB tables alike. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/** Registers hooks that create a fresh bucket and table before each test and delete them after. */
export function useScratchStorage(): ScratchStorage {
  const { s3, dynamodb } = localClients(process.env);
  let bucket = '';
  let table = '';

  beforeEach(async () => {
    bucket = uniqueName('uuid-writer');
    table = uniqueName('uuid-writer');
    await Promise.all([createBucket(s3, bucket), createTable(dynamodb, table)]);
  });
  afterEach(async () => {
    await Promise.all([deleteBucket(s3, bucket), deleteTable(dynamodb, table)]);
  });
  afterAll(() => {
    s3.destroy();
    dynamodb.destroy();
  });

  return {
    s3,
    dynamodb,
    get bucket() {
      return bucket;
    },
    get table() {
      return table;
    },
    get env() {
      const aws = Object.fromEntries(Object.values(awsVariables).map((name) => [name, process.env[name] ?? '']));
      return { ...aws, [storageVariables.bucket]: bucket, [storageVariables.table]: table };
    },
    async objects() {
      const keys: string[] = [];
      for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket })) {
        keys.push(...(page.Contents ?? []).flatMap(({ Key }) => (Key ? [Key] : [])));
      }
      return Promise.all(
        keys.map(async (key) => {
          const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
          return { key, body: (await object.Body?.transformToString()) ?? '', contentType: object.ContentType };
        }),
      );
    },
    async items() {
      const items: Record<string, string | undefined>[] = [];
      for await (const page of paginateScan({ client: dynamodb }, { TableName: table, ConsistentRead: true })) {
        items.push(...(page.Items ?? []).map((item) => Object.fromEntries(Object.entries(item).map(([name, value]) => [name, value.S]))));
      }
      return items;
    },
  };
}
