import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import sharp from 'sharp';
import type { S3Event } from '../../formats/s3-event.ts';
import { clientSettings } from '../uuid-writer/sdk-settings.ts';
import { readConfig } from './config.ts';
import { storeDeadline } from './deadline.ts';
import { logOutcome, logRetry } from './outcome-log.ts';
import { processRecords } from './process-records.ts';
import { dynamoItemStore, s3ObjectStore } from './stores.ts';

// Module scope runs once per execution environment: configuration, clients and sharp's settings.
const config = readConfig(process.env);
const stores = {
  objects: s3ObjectStore(new S3Client({ ...clientSettings, ...endpoint(config.s3Endpoint), forcePathStyle: config.s3ForcePathStyle })),
  items: dynamoItemStore(new DynamoDBClient({ ...clientSettings, ...endpoint(config.dynamodbEndpoint) }), config.tableName),
};
// Every upload is decoded once: libvips' operation cache (up to 50 MB) would only hold memory.
sharp.cache(false);

/** The endpoint the configuration resolved, or none, so the SDK uses AWS's own. */
function endpoint(url: string | undefined): { endpoint?: string } {
  return url === undefined ? {} : { endpoint: url };
}

/** How the event's records ended; Lambda ignores it on an asynchronous invocation, a direct caller reads it. */
export interface Summary {
  done: number;
  failed: number;
  skipped: number;
}

export async function handler(event: S3Event, context: Context): Promise<Summary> {
  const deadline = storeDeadline(context.getRemainingTimeInMillis());
  try {
    const outcomes = await processRecords(event, stores, config, deadline, (outcome) => logOutcome(outcome, context.awsRequestId));
    const count = (kind: string) => outcomes.filter((outcome) => outcome.kind === kind).length;
    return { done: count('done'), failed: count('failed'), skipped: count('skipped') };
  } catch (error) {
    // Thrown on, so the invocation fails and Lambda retries the event.
    logRetry(error, context.awsRequestId);
    throw error;
  }
}
