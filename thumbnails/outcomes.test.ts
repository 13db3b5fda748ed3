import { describe, expect, it } from 'vitest';
import type { SeenItem } from './collect.ts';
import { outcomes } from './outcomes.ts';

const runId = 'run-1';
const upload = (name: string) => `uploads/node/${runId}/${name}`;
const thumbnail = (name: string) => `thumbnails/node/${runId}/${name}`;

function done(name: string, eventTime: string, processedAt: string): SeenItem {
  return { sourceKey: upload(name), status: 'done', thumbnailKey: thumbnail(name), eventTime, processedAt, sourceBytes: 1000, thumbnailBytes: 250 };
}

describe('outcomes', () => {
  it('puts every upload in exactly one outcome, and names the ones that went wrong', () => {
    // Given six uploads: two done, one judged not an image, one given up by Lambda, one still queued, one with nothing at all
    const names = ['a.jpg', 'b.jpg', 'c.txt', 'd.jpg', 'e.jpg', 'f.jpg'];
    const items = new Map<string, SeenItem>([
      [upload('a.jpg'), done('a.jpg', '2026-12-02T06:00:00.000Z', '2026-12-02T06:00:00.250Z')],
      [upload('b.jpg'), done('b.jpg', '2026-12-02T06:00:01.000Z', '2026-12-02T06:00:01.100Z')],
      [upload('c.txt'), { sourceKey: upload('c.txt'), status: 'failed', errorType: 'not-an-image', eventTime: '2026-12-02T06:00:02.000Z', processedAt: '2026-12-02T06:00:02.010Z' }],
    ]);

    // When they are matched with the thumbnails, the on-failure records and the queue
    const result = outcomes('node', runId, {
      uploads: names.map(upload),
      items,
      thumbnails: new Set([thumbnail('a.jpg'), thumbnail('b.jpg')]),
      gaveUp: new Set([upload('d.jpg')]),
      unfinished: new Set([upload('e.jpg')]),
    });

    // Then each is counted once, and the lost one is named
    expect(result).toMatchObject({
      uploads: 6,
      done: 2,
      failed: { count: 1, byType: { 'not-an-image': 1 } },
      gaveUp: { count: 1, keys: [upload('d.jpg')] },
      unfinished: { count: 1, keys: [upload('e.jpg')] },
      lost: { count: 1, keys: [upload('f.jpg')] },
      inconsistent: { count: 0 },
      sourceBytes: 2000,
      thumbnailBytes: 500,
    });
    // And the outcomes add up to the uploads
    const counted = result.done + result.failed.count + result.gaveUp.count + result.unfinished.count + result.lost.count + result.inconsistent.count;
    expect(counted).toBe(result.uploads);
    // And the end-to-end times are the done uploads', from the upload's event to the item
    expect(result.endToEndMs).toEqual([250, 100]);
    expect(result.window).toEqual({ from: '2026-12-02T06:00:00.000Z', to: '2026-12-02T06:00:01.100Z' });
  });

  it('calls a done item without its thumbnail and a failure with one inconsistent, and counts a thumbnail of no upload apart', () => {
    const items = new Map<string, SeenItem>([
      [upload('a.jpg'), done('a.jpg', '2026-12-02T06:00:00.000Z', '2026-12-02T06:00:00.100Z')],
      [upload('b.jpg'), { sourceKey: upload('b.jpg'), status: 'failed', errorType: 'corrupt-image', eventTime: '2026-12-02T06:00:00.000Z', processedAt: '2026-12-02T06:00:00.100Z' }],
    ]);
    const result = outcomes('node', runId, {
      uploads: [upload('a.jpg'), upload('b.jpg')],
      items,
      thumbnails: new Set([thumbnail('b.jpg'), thumbnail('stray.jpg')]),
      gaveUp: new Set(),
      unfinished: new Set(),
    });
    expect(result).toMatchObject({ done: 0, failed: { count: 0 }, lost: { count: 0 } });
    expect(result.inconsistent).toEqual({ count: 2, keys: [upload('a.jpg'), upload('b.jpg')] });
    expect(result.strayThumbnails).toEqual({ count: 1, keys: [thumbnail('stray.jpg')] });
  });
});
