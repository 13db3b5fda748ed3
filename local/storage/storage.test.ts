import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { storage as declared } from '../../functions.config.ts';
import { localCredentials, localRegion } from './credentials.ts';
import { startS3Notifications } from '../events/s3-notifications.ts';
import { settled } from '../testing/settled.ts';
import { startStorage } from './index.ts';

const clientOptions = { region: localRegion, credentials: localCredentials };

async function isListening(endpoint: string): Promise<boolean> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The command line of the storage process that serves S3 (its backend subcommand is `posix`). */
function versitygwArgs(pids: number[]): string[] {
  const commandLines = pids.map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
  const versitygw = commandLines.find((args) => args.includes('posix'));
  if (!versitygw) throw new Error(`no versitygw among ${pids.join(', ')}`);
  return versitygw;
}

describe('local storage servers', () => {
  it('serve the declared bucket and table on loopback, then leave no process or port behind', async () => {
    // Given storage started from scratch, from a shell that has a webhook of versitygw's own
    // variable set to a port where nothing listens (followed, versitygw would refuse to start)
    process.env.VGW_EVENT_WEBHOOK_URL = 'http://127.0.0.1:9/';
    const storage = await startStorage().finally(() => delete process.env.VGW_EVENT_WEBHOOK_URL);
    const s3 = new S3Client({ ...clientOptions, endpoint: storage.s3Endpoint, forcePathStyle: true });
    const dynamodb = new DynamoDBClient({ ...clientOptions, endpoint: storage.dynamodbEndpoint });
    const pids = storage.pids;
    try {
      // And, asked for no event notifications, versitygw is given no webhook to send them to
      expect(versitygwArgs(pids).filter((arg) => arg.startsWith('--event'))).toEqual([]);

      // When an object is written and the table described
      await s3.send(new PutObjectCommand({ Bucket: declared.bucketName, Key: 'probe', Body: 'hello' }));
      const body = await (await s3.send(new GetObjectCommand({ Bucket: declared.bucketName, Key: 'probe' }))).Body?.transformToString();
      const table = await dynamodb.send(new DescribeTableCommand({ TableName: declared.tableName }));

      // Then both servers are real, on 127.0.0.1, with the declared names and key schema
      expect(body).toBe('hello');
      expect(table.Table?.KeySchema).toEqual([{ AttributeName: declared.partitionKey.name, KeyType: 'HASH' }]);
      expect(new URL(storage.s3Endpoint).hostname).toBe('127.0.0.1');
      expect(new URL(storage.dynamodbEndpoint).hostname).toBe('127.0.0.1');
    } finally {
      s3.destroy();
      dynamodb.destroy();
      await storage.stop();
    }

    // And after stop nothing is left running or listening
    expect(pids.filter(isAlive)).toEqual([]);
    expect(await isListening(storage.s3Endpoint)).toBe(false);
    expect(await isListening(storage.dynamodbEndpoint)).toBe(false);
  });

  it('send S3 event notifications to the webhook they are given, which must be listening', async () => {
    // Given a receiver with no rules, listening
    const notifications = await startS3Notifications({ rules: [], deliver: () => undefined });
    try {
      // When storage starts with its URL
      const storage = await startStorage({ eventWebhookUrl: notifications.url });
      try {
        // Then versitygw is given it, and its startup test event arrives
        expect(versitygwArgs(storage.pids)).toEqual(expect.arrayContaining(['--event-webhook-url', notifications.url]));
        expect((await settled(notifications.counts, (counts) => counts.testEvents > 0)).testEvents).toBe(1);
      } finally {
        await storage.stop();
      }
    } finally {
      await notifications.stop();
    }

    // And once the receiver is gone, storage refuses to start without it, saying why
    await expect(startStorage({ eventWebhookUrl: notifications.url })).rejects.toThrow(/versitygw exited .*send webhook test event/);
  });
});
