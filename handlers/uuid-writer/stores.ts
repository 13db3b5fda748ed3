import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ConditionalCheckFailedException, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Runtime } from '../../functions.config.ts';

/** Where the UUID's object goes; the workflow needs nothing more from S3. */
export interface ObjectStore {
  put(key: string, body: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** The record kept for every UUID, one item per id. */
export interface UuidItem {
  id: string;
  runtime: Runtime;
  s3Key: string;
  /** ISO 8601, UTC. */
  createdAt: string;
}

export interface ItemStore {
  /** Adds the item; rejects with IdTakenError rather than replace an item that already has this id. */
  putNew(item: UuidItem): Promise<void>;
}

/** The id is already an item's: the object under its key is that item's, not ours to remove. */
export class IdTakenError extends Error {
  override name = 'IdTakenError';
}

export function s3ObjectStore(client: S3Client, bucket: string): ObjectStore {
  return {
    async put(key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'text/plain' }));
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}

export function dynamoItemStore(client: DynamoDBClient, table: string): ItemStore {
  return {
    async putNew(item) {
      await send(
        new PutItemCommand({
          TableName: table,
          Item: {
            id: { S: item.id },
            runtime: { S: item.runtime },
            s3Key: { S: item.s3Key },
            createdAt: { S: item.createdAt },
          },
          ConditionExpression: 'attribute_not_exists(id)',
        }),
      );
    },
  };

  async function send(command: PutItemCommand): Promise<void> {
    try {
      await client.send(command);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new IdTakenError(`item ${command.input.Item?.id?.S} already exists`);
      throw error;
    }
  }
}
