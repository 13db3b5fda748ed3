import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlinesFor } from './deadlines.ts';
import { uniqueName, useScratchStorage } from '../../local/testing/scratch-storage.ts';
import { clientSettings } from './sdk-settings.ts';
import { refusingEndpoint, startSilentServer, type SilentServer } from '../../local/testing/silent-server.ts';
import { dynamoItemStore, s3ObjectStore } from './stores.ts';
import { writeId, writeUuid } from './write-uuid.ts';

const storage = useScratchStorage();

/** Ten seconds left, as a fresh invocation of a function with Lambda's timeout at 10 s. */
const plentyOfTime = () => deadlinesFor(10_000);

/** The function's own client settings, pointed at another endpoint of the test's choosing. */
function clientOptions(endpoint: string) {
  const credentials = { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? '' };
  return { ...clientSettings, endpoint, region: process.env.AWS_REGION ?? '', credentials };
}

describe('writeUuid', () => {
  let silent: SilentServer;
  beforeAll(async () => {
    silent = await startSilentServer();
  });
  afterAll(() => silent.close());

  it('reports an object it could not remove instead of throwing', async () => {
    // Given a table that does not exist and an object store that cannot delete
    const real = s3ObjectStore(storage.s3, storage.bucket);
    const refusal = new Error('delete refused');
    const objects = { put: real.put, delete: () => Promise.reject(refusal) };
    const items = dynamoItemStore(storage.dynamodb, uniqueName('missing'));

    // When a UUID is written
    const outcome = await writeUuid({ objects, items }, plentyOfTime());

    // Then the outcome names the failed step, its cause, and the object left behind
    expect(outcome).toEqual({
      kind: 'failed',
      step: 'put-item',
      key: expect.stringMatching(/^node\//),
      error: expect.objectContaining({ name: 'ResourceNotFoundException' }),
      cleanupError: refusal,
    });
    expect((await storage.objects()).map((object) => object.key)).toEqual([outcome.key]);
  });

  it('keeps the object of an item whose id is taken, and does not replace the item', async () => {
    // Given an id that is already stored, object and item
    const stores = { objects: s3ObjectStore(storage.s3, storage.bucket), items: dynamoItemStore(storage.dynamodb, storage.table) };
    const id = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
    expect(await writeId(id, stores, plentyOfTime())).toMatchObject({ kind: 'written' });
    const [before] = await storage.items();

    // When the same id is written again
    const outcome = await writeId(id, stores, plentyOfTime());

    // Then it fails, and the first write's object and item both stay as they were
    expect(outcome).toMatchObject({ kind: 'failed', step: 'put-item', error: expect.objectContaining({ name: 'IdTakenError' }) });
    expect(outcome).not.toHaveProperty('cleanupError');
    expect((await storage.objects()).map((object) => object.key)).toEqual([`node/${id}`]);
    expect(await storage.items()).toEqual([before]);
  });

  it('gives up on a stalled table by its deadline and keeps the object, since the item may still arrive', async () => {
    // Given a table whose server takes requests and never answers, and 2.5 s left
    const dynamodb = new DynamoDBClient(clientOptions(silent.endpoint));
    const stores = { objects: s3ObjectStore(storage.s3, storage.bucket), items: dynamoItemStore(dynamodb, storage.table) };
    const started = Date.now();
    const deadlines = deadlinesFor(2_500, started);

    // When a UUID is written
    const outcome = await writeUuid(stores, deadlines);
    dynamodb.destroy();

    // Then it gives up by the writes' deadline, saying the outcome is unknown
    expect(Date.now()).toBeLessThan(deadlines.cleanup);
    expect(outcome).toMatchObject({ kind: 'unknown', step: 'put-item', error: expect.objectContaining({ name: 'OutcomeUnknownError' }) });
    // And the object stays, so an item applied later still points at it
    expect((await storage.objects()).map((object) => object.key)).toEqual([outcome.key]);
  });

  it('removes the object when the table refuses the connection, since nothing reached it', async () => {
    // Given a table endpoint where nothing listens
    const dynamodb = new DynamoDBClient(clientOptions(await refusingEndpoint()));
    const stores = { objects: s3ObjectStore(storage.s3, storage.bucket), items: dynamoItemStore(dynamodb, storage.table) };

    // When a UUID is written
    const outcome = await writeUuid(stores, plentyOfTime());
    dynamodb.destroy();

    // Then the write definitely failed and its object is gone
    expect(outcome).toMatchObject({ kind: 'failed', step: 'put-item', error: expect.objectContaining({ code: 'ECONNREFUSED' }) });
    expect(outcome).not.toHaveProperty('cleanupError', expect.anything());
    expect(await storage.objects()).toEqual([]);
  });

  it('gives up on a stalled bucket by its deadline and writes no item', async () => {
    // Given a bucket whose server never answers, and 2.5 s left
    const s3 = new S3Client({ ...clientOptions(silent.endpoint), forcePathStyle: true });
    const stores = { objects: s3ObjectStore(s3, storage.bucket), items: dynamoItemStore(storage.dynamodb, storage.table) };
    const deadlines = deadlinesFor(2_500);

    // When a UUID is written
    const outcome = await writeUuid(stores, deadlines);
    s3.destroy();

    // Then it gives up in time, the object's fate unknown, and no item is written
    expect(Date.now()).toBeLessThan(deadlines.cleanup);
    expect(outcome).toMatchObject({ kind: 'unknown', step: 'put-object' });
    expect(await storage.items()).toEqual([]);
  });

  it('sends nothing when the invocation has no time left for the writes', async () => {
    // Given less time left than the reserve for clean-up and answer
    const stores = { objects: s3ObjectStore(storage.s3, storage.bucket), items: dynamoItemStore(storage.dynamodb, storage.table) };

    // When a UUID is written
    const outcome = await writeUuid(stores, deadlinesFor(1_000));

    // Then it fails at once, definitely, and nothing is stored
    expect(outcome).toMatchObject({ kind: 'failed', step: 'put-object', error: expect.objectContaining({ name: 'NoTimeLeftError' }) });
    expect(await storage.objects()).toEqual([]);
    expect(await storage.items()).toEqual([]);
  });
});
