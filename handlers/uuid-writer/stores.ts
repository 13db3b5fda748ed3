import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ConditionalCheckFailedException, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ContenderName } from '../../functions.config.ts';
import { callBy } from './store-call.ts';

/**
 * Where the UUID's object goes; the workflow needs nothing more from S3. Each call must answer by
 * its deadline (epoch ms) and rejects with OutcomeUnknownError when it may still take effect.
 */
export interface ObjectStore {
  put(key: string, body: string, deadline: number): Promise<void>;
  delete(key: string, deadline: number): Promise<void>;
}

/** The record kept for every UUID, one item per id. */
export interface UuidItem {
  id: string;
  runtime: ContenderName;
  s3Key: string;
  /** ISO 8601, UTC. */
  createdAt: string;
}

export interface ItemStore {
  /**
   * Adds the item by the deadline; rejects with IdTakenError rather than replace an item that
   * already has this id, and with OutcomeUnknownError when it may still be added.
   */
  putNew(item: UuidItem, deadline: number): Promise<void>;
}

/** The id is already an item's: the object under its key is that item's, not ours to remove. */
export class IdTakenError extends Error {
  override name = 'IdTakenError';
}

export function s3ObjectStore(client: S3Client, bucket: string): ObjectStore {
  return {
    async put(key, body, deadline) {
      const command = new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'text/plain' });
      await callBy('S3 PutObject', deadline, (abortSignal) => client.send(command, { abortSignal }));
    },
    async delete(key, deadline) {
      const command = new DeleteObjectCommand({ Bucket: bucket, Key: key });
      await callBy('S3 DeleteObject', deadline, (abortSignal) => client.send(command, { abortSignal }));
    },
  };
}

export function dynamoItemStore(client: DynamoDBClient, table: string): ItemStore {
  return {
    async putNew(item, deadline) {
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
        deadline,
      );
    },
  };

  async function send(command: PutItemCommand, deadline: number): Promise<void> {
    try {
      await callBy('DynamoDB PutItem', deadline, (abortSignal) => client.send(command, { abortSignal }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new IdTakenError(`item ${command.input.Item?.id?.S} already exists`);
      throw error;
    }
  }
}
