import { describe, expect, it } from 'vitest';
import { uniqueName, useScratchStorage } from './scratch-storage.ts';
import { dynamoItemStore, s3ObjectStore } from './stores.ts';
import { writeId, writeUuid } from './write-uuid.ts';

const storage = useScratchStorage();

describe('writeUuid', () => {
  it('reports an object it could not remove instead of throwing', async () => {
    // Given a table that does not exist and an object store that cannot delete
    const real = s3ObjectStore(storage.s3, storage.bucket);
    const refusal = new Error('delete refused');
    const objects = { put: real.put, delete: () => Promise.reject(refusal) };
    const items = dynamoItemStore(storage.dynamodb, uniqueName('missing'));

    // When a UUID is written
    const outcome = await writeUuid({ objects, items });

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
    expect(await writeId(id, stores)).toMatchObject({ kind: 'written' });
    const [before] = await storage.items();

    // When the same id is written again
    const outcome = await writeId(id, stores);

    // Then it fails, and the first write's object and item both stay as they were
    expect(outcome).toMatchObject({ kind: 'failed', step: 'put-item', error: expect.objectContaining({ name: 'IdTakenError' }) });
    expect(outcome).not.toHaveProperty('cleanupError');
    expect((await storage.objects()).map((object) => object.key)).toEqual([`node/${id}`]);
    expect(await storage.items()).toEqual([before]);
  });
});
