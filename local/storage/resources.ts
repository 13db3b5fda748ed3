/**
 * Makes and removes buckets and tables on the local S3 and DynamoDB servers, so each test (or the
 * local stand-in) can own its storage and leave nothing behind.
 */
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  paginateListObjectsV2,
  S3Client,
} from '@aws-sdk/client-s3';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { storage } from '../../functions.config.ts';
import { awsVariables } from './variables.ts';

export interface LocalClients {
  s3: S3Client;
  dynamodb: DynamoDBClient;
}

/** Clients for the local servers named by the standard variables; throws naming the first one missing. */
export function localClients(env: NodeJS.ProcessEnv): LocalClients {
  const region = required(env, awsVariables.region);
  const credentials = {
    accessKeyId: required(env, awsVariables.accessKeyId),
    secretAccessKey: required(env, awsVariables.secretAccessKey),
  };
  return {
    // A local server answers on one host, so bucket names go in the path, not the host name.
    s3: new S3Client({ endpoint: required(env, awsVariables.s3Endpoint), forcePathStyle: true, region, credentials }),
    dynamodb: new DynamoDBClient({ endpoint: required(env, awsVariables.dynamodbEndpoint), region, credentials }),
  };
}

export async function createBucket(s3: S3Client, name: string): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: name }));
}

/** Empties the bucket first: S3 refuses to delete a bucket that still holds objects. */
export async function deleteBucket(s3: S3Client, name: string): Promise<void> {
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: name })) {
    const objects = (page.Contents ?? []).map(({ Key }) => ({ Key }));
    if (objects.length > 0) {
      await s3.send(new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: objects, Quiet: true } }));
    }
  }
  await s3.send(new DeleteBucketCommand({ Bucket: name }));
}

/** Creates the table with a deployed key schema (the items table's unless told) and resolves once it is ACTIVE. */
export async function createTable(
  dynamodb: DynamoDBClient,
  name: string,
  partitionKey: { name: string; type: 'S' } = storage.partitionKey,
): Promise<void> {
  const { name: keyName, type: keyType } = partitionKey;
  await dynamodb.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: keyName, AttributeType: keyType }],
      KeySchema: [{ AttributeName: keyName, KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  // The SDK's default first delay (20 s) suits AWS; a local table is usually ACTIVE at once.
  await waitUntilTableExists({ client: dynamodb, minDelay: 1, maxDelay: 2, maxWaitTime: 60 }, { TableName: name });
}

export async function deleteTable(dynamodb: DynamoDBClient, name: string): Promise<void> {
  await dynamodb.send(new DeleteTableCommand({ TableName: name }));
}

function required(env: NodeJS.ProcessEnv, variable: string): string {
  const value = env[variable];
  if (!value) throw new Error(`${variable} is not set: it names the local storage servers and their credentials`);
  return value;
}
