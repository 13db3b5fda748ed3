import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { dynamoItemStore, readAtMost, s3ObjectStore } from './stores.ts';
import { useScratchThumbnailStorage } from './testing/scratch-thumbnail-storage.ts';

const storage = useScratchThumbnailStorage();
const inTenSeconds = () => Date.now() + 10_000;

describe('s3ObjectStore', () => {
  it('reads an object within the limit whole, and writes one with its content type', async () => {
    // Given an object of 3 bytes
    const objects = s3ObjectStore(storage.s3);
    await objects.write(storage.bucket, 'thumbnails/node/a.png', Buffer.from([1, 2, 3]), 'image/png', inTenSeconds());

    // When it is read with a limit of exactly its size
    const read = await objects.read(storage.bucket, 'thumbnails/node/a.png', 3, inTenSeconds());

    // Then all its bytes come back, and S3 keeps the content type
    expect(read).toEqual({ kind: 'read', bytes: Buffer.from([1, 2, 3]) });
    expect((await storage.object('thumbnails/node/a.png')).contentType).toBe('image/png');
  });

  it('stops at the ContentLength of an object over the limit', async () => {
    await storage.upload('uploads/node/big', Buffer.alloc(4096));
    const read = await s3ObjectStore(storage.s3).read(storage.bucket, 'uploads/node/big', 4095, inTenSeconds());
    expect(read).toEqual({ kind: 'too-large', bytes: 4096 });
  });
});

describe('readAtMost', () => {
  it('stops reading and drops a body without a length as soon as it passes the limit', async () => {
    // Given a body of endless 1 KiB chunks
    let sent = 0;
    const body = new Readable({
      read() {
        sent += 1;
        this.push(Buffer.alloc(1024));
      },
    });

    // When at most 3000 bytes are read
    const read = await readAtMost(body, 3000);

    // Then it stops at the third chunk (3072 bytes), and the stream is destroyed
    expect(read).toEqual({ kind: 'too-large', bytes: 3072 });
    expect(body.destroyed).toBe(true);
    expect(sent).toBeLessThan(10);
  });
});

describe('dynamoItemStore', () => {
  it('replaces the item of the same source key, numbers kept as numbers', async () => {
    // Given a failed item for a key
    const items = dynamoItemStore(storage.dynamodb, storage.table);
    const base = { sourceKey: 'uploads/node/a.png', eventTime: '2026-12-02T04:00:00.000Z', processedAt: '2026-12-02T04:00:01.000Z' };
    await items.put({ ...base, status: 'failed', errorType: 'corrupt-image', errorMessage: 'cut short', sourceBytes: 10 }, inTenSeconds());

    // When a done item is put for the same key
    const done = {
      ...base,
      status: 'done',
      thumbnailKey: 'thumbnails/node/a.png',
      format: 'png',
      sourceWidth: 4,
      sourceHeight: 2,
      sourceBytes: 80,
      thumbnailWidth: 2,
      thumbnailHeight: 1,
      thumbnailBytes: 70,
    } as const;
    await items.put(done, inTenSeconds());

    // Then only the done item is left, with none of the failed one's fields
    expect(await storage.items()).toStrictEqual([done]);
  });
});
