import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { readConfig } from './config.ts';
import { deadlinesFor } from './deadlines.ts';
import { clientSettings } from './sdk-settings.ts';
import { dynamoItemStore, s3ObjectStore } from './stores.ts';
import { writeUuid } from './write-uuid.ts';
import { logFailure, toHttpResponse } from './http-response.ts';

// Module scope runs once per execution environment: configuration and clients (with their
// keep-alive connection pools) are shared by every invocation that environment serves.
const config = readConfig(process.env);
const stores = {
  objects: s3ObjectStore(
    new S3Client({ ...clientSettings, ...endpoint(config.s3Endpoint), forcePathStyle: config.s3ForcePathStyle }),
    config.bucketName,
  ),
  items: dynamoItemStore(new DynamoDBClient({ ...clientSettings, ...endpoint(config.dynamodbEndpoint) }), config.tableName),
};

let coldStart = true;

/** The endpoint the configuration resolved, or none, so the SDK uses AWS's own. */
function endpoint(url: string | undefined): { endpoint?: string } {
  return url === undefined ? {} : { endpoint: url };
}

export async function handler(_event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> {
  const isColdStart = coldStart;
  coldStart = false;
  const outcome = await writeUuid(stores, deadlinesFor(context.getRemainingTimeInMillis()));
  if (outcome.kind !== 'written') logFailure(outcome, context.awsRequestId);
  return toHttpResponse(outcome, isColdStart);
}
