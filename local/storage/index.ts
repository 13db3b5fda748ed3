import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { storage as declared } from '../../functions.config.ts';
import { CommandError } from '../../toolchain/command.ts';
import { freePort } from '../process/free-port.ts';
import { localCredentials, localRegion } from './credentials.ts';
import { startDynamodbLocal } from './dynamodb-local.ts';
import { createBucket, createTable, localClients } from './resources.ts';
import { awsVariables } from './variables.ts';
import { startVersitygw, type VersitygwOptions } from './versitygw.ts';

export interface LocalStorage {
  s3Endpoint: string;
  dynamodbEndpoint: string;
  bucketName: string;
  tableName: string;
  /** The thumbnailers' table. */
  metadataTableName: string;
  /** The standard AWS variables that point either SDK, Node's or Rust's, at these servers. */
  env: Record<string, string>;
  /** The server processes, for checks that nothing outlives `stop`. */
  pids: number[];
  /** Stops both servers and deletes their data; safe to call twice. */
  stop(): Promise<void>;
}

/** Without `eventWebhookUrl`, S3 sends no event notifications. */
export type StorageOptions = VersitygwOptions;

/**
 * Starts a real S3-compatible server (versitygw) and DynamoDB Local on free loopback ports,
 * and creates the bucket and table the functions are declared to use.
 */
export async function startStorage(options: StorageOptions = {}): Promise<LocalStorage> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'lambda-duel-storage-'));
  const [dynamodbPort, s3Port] = await Promise.all([freePort(), freePort()]);
  const started = await Promise.allSettled([startDynamodbLocal(dynamodbPort, workDir), startVersitygw(s3Port, workDir, options)]);
  const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= Promise.all(servers.map((server) => server.daemon.stop())).then(() =>
      rm(workDir, { recursive: true, force: true }),
    ));
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const [dynamodb, s3] = servers as [(typeof servers)[0], (typeof servers)[0]];
  const env = storageEnv(s3.endpoint, dynamodb.endpoint);
  try {
    await createDeclaredResources(env);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    s3Endpoint: s3.endpoint,
    dynamodbEndpoint: dynamodb.endpoint,
    bucketName: declared.bucketName,
    tableName: declared.tableName,
    metadataTableName: declared.metadataTableName,
    env,
    pids: servers.map((server) => server.daemon.pid),
    stop,
  };
}

/** Set by `npm test`, which starts the servers once for vitest and cargo test alike, so the tests' global setup does not. */
export const storageReuseFlag = 'LAMBDA_DUEL_STORAGE_RUNNING';

/**
 * Storage that someone else started and will stop (the test runner's), described from the
 * standard variables it exported; stop() leaves it running.
 */
export function storageFromEnv(env: NodeJS.ProcessEnv): LocalStorage {
  const values = Object.values(awsVariables).map((name) => {
    const value = env[name];
    if (!value) throw new CommandError(`${name} is not set: no local storage servers to attach to`);
    return [name, value] as const;
  });
  const attached = Object.fromEntries(values);
  return {
    s3Endpoint: attached[awsVariables.s3Endpoint]!,
    dynamodbEndpoint: attached[awsVariables.dynamodbEndpoint]!,
    bucketName: declared.bucketName,
    tableName: declared.tableName,
    metadataTableName: declared.metadataTableName,
    env: attached,
    pids: [],
    stop: async () => undefined,
  };
}

function storageEnv(s3Endpoint: string, dynamodbEndpoint: string): Record<string, string> {
  return {
    [awsVariables.s3Endpoint]: s3Endpoint,
    [awsVariables.dynamodbEndpoint]: dynamodbEndpoint,
    [awsVariables.accessKeyId]: localCredentials.accessKeyId,
    [awsVariables.secretAccessKey]: localCredentials.secretAccessKey,
    [awsVariables.region]: localRegion,
  };
}

async function createDeclaredResources(env: Record<string, string>): Promise<void> {
  const { s3, dynamodb } = localClients(env);
  try {
    await Promise.all([
      createBucket(s3, declared.bucketName),
      createTable(dynamodb, declared.tableName),
      createTable(dynamodb, declared.metadataTableName, declared.metadataPartitionKey),
    ]);
  } finally {
    s3.destroy();
    dynamodb.destroy();
  }
}
