import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { useScratchStorage } from '../local/testing/scratch-storage.ts';
import { takeInventory } from './inventory.ts';
import { reconcileAll, renderWrites } from './reconcile.ts';

const storage = useScratchStorage();

async function write(runtime: string, id: string, { object = true, item = true, createdAt = new Date().toISOString() } = {}) {
  const key = `${runtime}/${id}`;
  if (object) await storage.s3.send(new PutObjectCommand({ Bucket: storage.bucket, Key: key, Body: id }));
  if (item) {
    const attributes = { id: { S: id }, runtime: { S: runtime }, s3Key: { S: key }, createdAt: { S: createdAt } };
    await storage.dynamodb.send(new PutItemCommand({ TableName: storage.table, Item: attributes }));
  }
}

const where = () => ({ s3: storage.s3, dynamodb: storage.dynamodb, bucket: storage.bucket, table: storage.table });

describe('reconciling a run against its stores', () => {
  it('pairs every object with its item per contender and names each orphan object and dangling item', async () => {
    // Given Node's writes with one object left without its item and one item whose object is gone, and Rust's all whole
    await Promise.all(['n1', 'n2', 'n3'].map((id) => write('node', id)));
    await write('node', 'orphan', { item: false });
    await write('node', 'dangling', { object: false });
    await Promise.all(['r1', 'r2'].map((id) => write('rust', id)));

    // When the run, which saw four 201s from Node and two from Rust, is reconciled
    const writes = reconcileAll(await takeInventory(where(), ['node', 'rust']), { node: 4, rust: 2 });

    // Then each stray write is counted and named, and the 201 that has no pair shows as lost
    expect(writes.node).toEqual({
      created: 4,
      objects: 4,
      items: 4,
      paired: 3,
      orphanObjects: { count: 1, keys: ['node/orphan'] },
      danglingItems: { count: 1, keys: ['node/dangling'] },
    });
    expect(writes.rust).toMatchObject({ created: 2, objects: 2, items: 2, paired: 2, orphanObjects: { count: 0 }, danglingItems: { count: 0 } });
    expect(renderWrites(writes)).toEqual(
      expect.arrayContaining([
        '  node: 1 answers of 201 have no object and item pair: writes were lost',
        '  node: 1 objects without an item (node/orphan)',
        '  node: 1 items pointing at no object (node/dangling)',
      ]),
    );
  });

  it("counts only what was written in the run's window when the stores outlive runs", async () => {
    // Given an item of an earlier run whose object has expired (the stack's objects last a day), and this run's pair
    await write('rust', 'earlier', { object: false, createdAt: '2020-01-01T00:00:00.000Z' });
    await write('rust', 'this-run');

    // When reconciled over a window that opened a minute ago
    const window = { from: new Date(Date.now() - 60_000), to: new Date(Date.now() + 60_000) };
    const writes = reconcileAll(await takeInventory({ ...where(), window }, ['rust']), { rust: 1 });

    // Then the earlier item is not this run's, so it is no dangling item of it
    expect(writes.rust).toMatchObject({ created: 1, objects: 1, items: 1, paired: 1, danglingItems: { count: 0 } });
  });
});
