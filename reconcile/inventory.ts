import { paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { paginateScan, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ContenderName } from '../functions.config.ts';

/** What the stores hold of one contender: its object keys, and each of its items' `s3Key` by id. */
export interface ContenderInventory {
  objectKeys: Set<string>;
  itemKeys: Map<string, string>;
}

export interface StoreLocation {
  s3: S3Client;
  dynamodb: DynamoDBClient;
  bucket: string;
  table: string;
  /** Only objects and items written inside it count; unset, everything does. */
  window?: { from: Date; to: Date };
}

/** Lists each contender's prefix and scans the table once, page by page. */
export async function takeInventory(where: StoreLocation, contenders: readonly ContenderName[]): Promise<Map<ContenderName, ContenderInventory>> {
  const inventory = new Map(contenders.map((runtime) => [runtime, { objectKeys: new Set<string>(), itemKeys: new Map<string, string>() }]));
  const inWindow = (at: Date | undefined) => !where.window || (at !== undefined && at >= where.window.from && at <= where.window.to);
  await Promise.all([
    ...contenders.map(async (runtime) => {
      for await (const page of paginateListObjectsV2({ client: where.s3 }, { Bucket: where.bucket, Prefix: `${runtime}/` })) {
        for (const object of page.Contents ?? []) if (object.Key && inWindow(object.LastModified)) inventory.get(runtime)!.objectKeys.add(object.Key);
      }
    }),
    (async () => {
      // Consistent: an item written just before the run ended must be seen.
      const scan = { TableName: where.table, ConsistentRead: true, ProjectionExpression: 'id, #runtime, s3Key, createdAt', ExpressionAttributeNames: { '#runtime': 'runtime' } };
      for await (const page of paginateScan({ client: where.dynamodb }, scan)) {
        for (const item of page.Items ?? []) {
          const mine = inventory.get(item.runtime?.S as ContenderName);
          const createdAt = item.createdAt?.S ? new Date(item.createdAt.S) : undefined;
          if (mine && item.id?.S && inWindow(createdAt)) mine.itemKeys.set(item.id.S, item.s3Key?.S ?? '');
        }
      }
    })(),
  ]);
  return inventory;
}
