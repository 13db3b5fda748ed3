import { describe, expect, it } from 'vitest';
import { useScratchStorage } from '../../local/testing/scratch-storage.ts';
import { dynamoItemStore } from './stores.ts';

const storage = useScratchStorage();

describe('dynamoItemStore', () => {
  it('never replaces an item that already has the id', async () => {
    // Given an item already stored under an id
    const items = dynamoItemStore(storage.dynamodb, storage.table);
    const first = { id: 'same-id', runtime: 'node', s3Key: 'node/same-id', createdAt: '2025-01-01T00:00:00.000Z' } as const;
    await items.putNew(first, Date.now() + 10_000);

    // When another item with that id is put
    const second = items.putNew({ ...first, createdAt: '2025-06-01T00:00:00.000Z' }, Date.now() + 10_000);

    // Then the put is refused as a taken id and the first item is intact
    await expect(second).rejects.toMatchObject({ name: 'IdTakenError' });
    expect(await storage.items()).toEqual([first]);
  });
});
