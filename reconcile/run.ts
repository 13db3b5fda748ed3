import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ContenderName } from '../functions.config.ts';
import { reconciliationSchemaId, type Reconciliation } from '../formats/reconciliation.ts';
import { readOutputsFile } from '../infra/aws/outputs.ts';
import { defaultStackName } from '../infra/names.ts';
import { localClients } from '../local/storage/resources.ts';
import type { LocalStorage } from '../local/storage/index.ts';
import type { RunSummary } from '../formats/summary.ts';
import { takeInventory, type StoreLocation } from './inventory.ts';
import { reconcileAll } from './reconcile.ts';

/** The run's own stand-in stores, or the deployed stack's, which outlive runs. */
export type RunStores = { kind: 'local'; storage: LocalStorage } | { kind: 'aws' };

/** A write may land a little before the summary's start (clocks differ) and after its end (in flight). */
const windowSlackMs = 5_000;

/**
 * After the load: what each contender's writes left in the stores, against the 201s k6 saw.
 * Undefined where the stores are unknown (a BASE_URL with no deployed stack's outputs).
 */
export async function reconcileRun(summary: RunSummary, stores: RunStores): Promise<Reconciliation | undefined> {
  const located = await locate(summary, stores);
  if (!located) return undefined;
  try {
    const { contenders } = summary.run;
    const created = Object.fromEntries(contenders.map((contender) => [contender, createdCount(summary, contender)]));
    const inventory = await takeInventory(located, contenders);
    return {
      schema: reconciliationSchemaId,
      stores: stores.kind,
      ...(located.window ? { window: { from: located.window.from.toISOString(), to: located.window.to.toISOString() } } : {}),
      checkedAt: new Date().toISOString(),
      contenders: reconcileAll(inventory, created),
    };
  } finally {
    located.s3.destroy();
    located.dynamodb.destroy();
  }
}

/** Answers of 201: k6 counts every other status as a failure of the route (request.ts). */
function createdCount(summary: RunSummary, contender: ContenderName): number {
  const route = summary.routes[contender];
  return route ? route.requests - route.failures.total : 0;
}

async function locate(summary: RunSummary, stores: RunStores): Promise<StoreLocation | undefined> {
  if (stores.kind === 'local') {
    const { s3, dynamodb } = localClients(stores.storage.env);
    return { s3, dynamodb, bucket: stores.storage.bucketName, table: stores.storage.tableName };
  }
  const stack = await readOutputsFile(defaultStackName);
  if (!stack) return undefined;
  const window = { from: new Date(Date.parse(summary.run.startedAt) - windowSlackMs), to: new Date(Date.parse(summary.run.endedAt) + windowSlackMs) };
  return { s3: new S3Client({}), dynamodb: new DynamoDBClient({}), bucket: stack.bucketName, table: stack.tableName, window };
}
