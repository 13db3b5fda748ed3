import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareSequencers, decodeEventKey, type S3Event, type S3EventRecord } from '../../formats/s3-event.ts';
import { freePort } from '../process/free-port.ts';
import { localCredentials, localRegion } from '../storage/credentials.ts';
import type { Server } from '../storage/dynamodb-local.ts';
import { createBucket } from '../storage/resources.ts';
import { startVersitygw } from '../storage/versitygw.ts';
import { settled } from '../testing/settled.ts';
import type { NotificationRule } from './s3-rules.ts';
import { startS3Notifications, type S3Notifications } from './s3-notifications.ts';

/** AWS's own example of an ObjectCreated:Put record (the "Event message structure" page). */
const awsExample = JSON.parse(readFileSync(new URL('./testing/aws-s3-put-event.json', import.meta.url), 'utf8')) as S3Event;

const rules: NotificationRule<string>[] = [
  { id: 'node-uploads', prefix: 'uploads/node/', events: ['ObjectCreated:*'], target: 'node' },
  { id: 'rust-uploads', prefix: 'uploads/rust/', events: ['ObjectCreated:*'], target: 'rust' },
];
const bucket = 'photos';
const names = ['red flower+1 é.jpg', 'c++ 100%=ok:yes.png', 'plain.jpg'];

/** Each field's type, the same nesting: what a deserializer of AWS's records would see. */
function shape(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value;
  return Object.fromEntries(Object.entries(value).map(([name, field]) => [name, shape(field)]));
}

function md5(body: string): string {
  return createHash('md5').update(body).digest('hex');
}

describe('S3 event notifications from versitygw', () => {
  const deliveries: Array<{ target: string; event: S3Event }> = [];
  const warnings: string[] = [];
  let notifications: S3Notifications;
  let versitygw: Server;
  let workDir: string;
  let s3: S3Client;

  beforeAll(async () => {
    // The receiver first: versitygw POSTs its test event as it starts, and exits if refused.
    notifications = await startS3Notifications({ rules, deliver: (target, event) => void deliveries.push({ target, event }), warn: (line) => void warnings.push(line) });
    workDir = await mkdtemp(path.join(os.tmpdir(), 'lambda-duel-events-'));
    versitygw = await startVersitygw(await freePort(), workDir, { eventWebhookUrl: notifications.url });
    s3 = new S3Client({ endpoint: versitygw.endpoint, forcePathStyle: true, region: localRegion, credentials: localCredentials });
    await createBucket(s3, bucket);
  });
  afterAll(async () => {
    s3?.destroy();
    await versitygw?.daemon.stop();
    await notifications?.stop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  /** PUTs each object in turn and resolves once the receiver has read a record for every one. */
  async function put(objects: Array<{ key: string; body: string }>): Promise<void> {
    const before = notifications.counts().records;
    for (const { key, body } of objects) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    const counts = await settled(notifications.counts, (now) => now.records >= before + objects.length, 5_000);
    expect(counts.records).toBe(before + objects.length);
  }

  const recordsFor = (key: string): S3EventRecord[] =>
    deliveries.flatMap(({ event }) => event.Records).filter((record) => decodeEventKey(record.s3.object.key) === key);

  it("drop versitygw's startup test event", () => {
    expect(notifications.counts().testEvents).toBe(1);
    expect(deliveries).toEqual([]);
  });

  it('deliver each upload to its own rule\'s target, one record per event, in AWS\'s shape; thumbnails go nowhere', async () => {
    // Given uploads and thumbnails with spaces, '+', 'é', '%', '=' and ':' in their names
    const uploads = names.map((name) => ({ key: `uploads/node/${name}`, body: `image ${name}` }));
    const thumbnails = names.map((name) => ({ key: `thumbnails/node/${name}`, body: `thumbnail ${name}` }));
    const rust = { key: 'uploads/rust/red flower.jpg', body: 'rust image' };
    const startedAt = Date.now();

    // When they are PUT through the S3 API
    await put([...uploads, ...thumbnails, rust]);

    // Then the uploads reach their contender's target, each in an event of its own
    expect(deliveries.every(({ event }) => event.Records.length === 1)).toBe(true);
    expect(deliveries.filter(({ target }) => target === 'node').map(({ event }) => decodeEventKey(event.Records[0]!.s3.object.key)).sort()).toEqual(
      uploads.map(({ key }) => key).sort(),
    );
    expect(deliveries.filter(({ target }) => target === 'rust').map(({ event }) => event.Records[0]!.s3.object.key)).toEqual(['uploads/rust/red+flower.jpg']);
    // And nothing under thumbnails/ is delivered: no rule matches it
    expect(deliveries.flatMap(({ event }) => event.Records).filter((record) => record.s3.object.key.startsWith('thumbnails/'))).toEqual([]);
    expect(notifications.counts().unmatched).toBe(thumbnails.length);

    // And each record has the fields and types of AWS's own (its example's bucket is versioned; this one is not)
    const { versionId: _versioned, ...awsObject } = awsExample.Records[0]!.s3.object;
    const awsShape = shape({ ...awsExample.Records[0], s3: { ...awsExample.Records[0]!.s3, object: awsObject } });
    for (const { key, body } of [...uploads, rust]) {
      const [record] = recordsFor(key);
      expect(shape(record)).toEqual(awsShape);
      expect(record).toMatchObject({
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: localRegion,
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: localCredentials.accessKeyId },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: key.startsWith('uploads/rust/') ? 'rust-uploads' : 'node-uploads',
          bucket: { name: bucket, ownerIdentity: { principalId: localCredentials.accessKeyId }, arn: `arn:aws:s3:::${bucket}` },
          object: { size: Buffer.byteLength(body), eTag: md5(body) },
        },
      });
      expect(record!.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Date.parse(record!.eventTime)).toBeGreaterThanOrEqual(startedAt);
      expect(record!.responseElements['x-amz-request-id']).toMatch(/^[0-9A-F]{16}$/);
      expect(record!.responseElements['x-amz-id-2']).not.toBe('');
      expect(record!.s3.object.sequencer).toMatch(/^[0-9A-F]+$/);
    }
    expect(warnings).toEqual([]);
  });

  it('give later events for one key greater sequencers', async () => {
    // Given one key written three times with different bodies
    const key = 'uploads/node/again and again.jpg';
    const writes = ['first', 'second', 'third'].map((body) => ({ key, body }));

    // When the writes are done one after another
    await put(writes);

    // Then, in the order of the writes (told by each body's eTag, whatever order the POSTs came in), the sequencers grow
    const records = recordsFor(key);
    const inWriteOrder = writes.map(({ body }) => records.find((record) => record.s3.object.eTag === md5(body))!.s3.object.sequencer);
    expect(inWriteOrder).toHaveLength(3);
    expect(compareSequencers(inWriteOrder[0]!, inWriteOrder[1]!)).toBeLessThan(0);
    expect(compareSequencers(inWriteOrder[1]!, inWriteOrder[2]!)).toBeLessThan(0);
  });
});

describe('the S3 notification receiver', () => {
  it('refuses a POST that is not a webhook event, and tells a failed delivery without stopping the next', async () => {
    // Given a receiver whose target fails every delivery
    const warnings: string[] = [];
    const notifications = await startS3Notifications({
      rules,
      deliver: () => Promise.reject(new Error('the queue is full')),
      warn: (line) => void warnings.push(line),
    });
    const captured = readFileSync(new URL('./testing/versitygw-post.json', import.meta.url), 'utf8');
    try {
      // When it is sent a body that is not JSON, then the same real record twice
      const post = (body: string) => fetch(notifications.url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
      const statuses = [(await post('not json')).status, (await post(captured)).status, (await post(captured)).status];

      // Then the bad body gets 400 and a warning, each record 204, and each failed delivery its own warning
      expect(statuses).toEqual([400, 204, 204]);
      const told = await settled(() => [...warnings], (lines) => lines.length >= 3);
      expect(told).toEqual([
        'S3 notifications: a POST was refused: the body is not JSON',
        "S3 notifications: delivering to rule 'node-uploads' failed: Error: the queue is full",
        "S3 notifications: delivering to rule 'node-uploads' failed: Error: the queue is full",
      ]);
      expect(notifications.counts()).toEqual({ testEvents: 0, records: 2, unmatched: 0, delivered: 2, malformed: 1 });
    } finally {
      await notifications.stop();
    }
  });
});
