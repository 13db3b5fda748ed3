import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { refusingEndpoint, startSilentServer } from '../../local/testing/silent-server.ts';
import { localClients } from '../../local/storage/resources.ts';
import { awsVariables } from '../../local/storage/variables.ts';
import { storeDeadline } from './deadline.ts';
import { processRecords, RecordNotFinishedError, type RecordOutcome, type Settings } from './process-records.ts';
import { dynamoItemStore, s3ObjectStore } from './stores.ts';
import { jpeg, jpegRotated, png, truncated } from './testing/images.ts';
import { eventOf, putRecord } from './testing/s3-events.ts';
import { useScratchThumbnailStorage } from './testing/scratch-thumbnail-storage.ts';

const storage = useScratchThumbnailStorage();

const settings: Settings = { uploadPrefix: 'uploads/node/', thumbnailPrefix: 'thumbnails/node/', maxSourceBytes: 1024 * 1024 };
const plentyOfTime = () => storeDeadline(10_000);

/** Clients for the local servers, one of them pointed elsewhere: a stalled or an absent store. */
function clientsWith(endpoints: Partial<Record<'s3Endpoint' | 'dynamodbEndpoint', string>>) {
  return localClients({ ...process.env, ...Object.fromEntries(Object.entries(endpoints).map(([name, url]) => [awsVariables[name as keyof typeof endpoints], url])) });
}

function realStores() {
  return { objects: s3ObjectStore(storage.s3), items: dynamoItemStore(storage.dynamodb, storage.table) };
}

/** Uploads the image under the key and returns the record S3 would send for it. */
async function uploaded(key: string, body: Buffer) {
  await storage.upload(key, body);
  return putRecord({ bucket: storage.bucket, key, size: body.length });
}

async function decoded(key: string) {
  const { bytes, contentType } = await storage.object(key);
  const { format, width, height } = await sharp(bytes).metadata();
  return { format, width, height, contentType, bytes: bytes.length };
}

const isoMs = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('processRecords', () => {
  it('makes a half-size thumbnail of a JPEG and of a PNG, in their own formats, and records both', async () => {
    // Given a JPEG and a PNG uploaded under the function's prefix
    const photo = await jpeg(640, 427);
    const drawing = await png(600, 400);
    const event = eventOf(await uploaded('uploads/node/photo.jpg', photo), await uploaded('uploads/node/art/drawing.png', drawing));

    // When the event's records are processed
    const outcomes = await processRecords(event, realStores(), settings, plentyOfTime());

    // Then each thumbnail sits under the same name in the thumbnail prefix, half size, same format
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['done', 'done']);
    const photoThumb = await decoded('thumbnails/node/photo.jpg');
    const drawingThumb = await decoded('thumbnails/node/art/drawing.png');
    expect(photoThumb).toMatchObject({ format: 'jpeg', width: 320, height: 213, contentType: 'image/jpeg' });
    expect(drawingThumb).toMatchObject({ format: 'png', width: 300, height: 200, contentType: 'image/png' });
    // And each has one item with every field of the contract
    expect(await storage.item('uploads/node/photo.jpg')).toStrictEqual({
      sourceKey: 'uploads/node/photo.jpg',
      thumbnailKey: 'thumbnails/node/photo.jpg',
      format: 'jpeg',
      sourceWidth: 640,
      sourceHeight: 427,
      sourceBytes: photo.length,
      thumbnailWidth: 320,
      thumbnailHeight: 213,
      thumbnailBytes: photoThumb.bytes,
      eventTime: '2026-12-02T04:00:00.123Z',
      processedAt: expect.stringMatching(isoMs),
      status: 'done',
    });
    expect(await storage.item('uploads/node/art/drawing.png')).toMatchObject({ format: 'png', thumbnailBytes: drawingThumb.bytes });
    expect(await storage.items()).toHaveLength(2);
  });

  it('reads a key with spaces and a plus sign, which the event carries form-encoded', async () => {
    // Given an upload whose name has a space and a '+', so the record says 'red+flower%2B1.jpg'
    const record = await uploaded('uploads/node/red flower+1.jpg', await jpeg(40, 30));
    expect(record.s3.object.key).toBe('uploads/node/red+flower%2B1.jpg');

    // When it is processed
    await processRecords(eventOf(record), realStores(), settings, plentyOfTime());

    // Then the thumbnail and the item carry the decoded name
    expect(await storage.keys()).toEqual(['thumbnails/node/red flower+1.jpg', 'uploads/node/red flower+1.jpg']);
    expect(await storage.items()).toEqual([expect.objectContaining({ sourceKey: 'uploads/node/red flower+1.jpg', thumbnailKey: 'thumbnails/node/red flower+1.jpg' })]);
  });

  it('halves a photo as it stands after its EXIF orientation', async () => {
    const record = await uploaded('uploads/node/turned.jpg', await jpegRotated(60, 40));
    await processRecords(eventOf(record), realStores(), settings, plentyOfTime());
    expect(await decoded('thumbnails/node/turned.jpg')).toMatchObject({ width: 20, height: 30 });
    expect(await storage.items()).toEqual([expect.objectContaining({ sourceWidth: 40, sourceHeight: 60, thumbnailWidth: 20, thumbnailHeight: 30 })]);
  });

  it('records a failure for bytes that are not an image, and writes no thumbnail', async () => {
    // Given a text file uploaded as a .jpg
    const text = Buffer.from('not a picture at all');
    const record = await uploaded('uploads/node/fake.jpg', text);

    // When it is processed
    const [outcome] = await processRecords(eventOf(record), realStores(), settings, plentyOfTime());

    // Then the item says it failed and why, with what was known of the source
    expect(outcome).toMatchObject({ kind: 'failed', bucket: storage.bucket });
    expect(await storage.items()).toStrictEqual([
      {
        sourceKey: 'uploads/node/fake.jpg',
        eventTime: '2026-12-02T04:00:00.123Z',
        processedAt: expect.stringMatching(isoMs),
        status: 'failed',
        errorType: 'not-an-image',
        errorMessage: expect.stringContaining('unsupported image format'),
        sourceBytes: text.length,
      },
    ]);
    expect(await storage.keys()).toEqual(['uploads/node/fake.jpg']);
  });

  it('refuses a key outside the upload prefix without reading it', async () => {
    // Given a record for another contender's upload that does not even exist (a read would fail)
    const record = putRecord({ bucket: storage.bucket, key: 'uploads/rust/photo.jpg', size: 100 });

    // When it is processed
    await processRecords(eventOf(record), realStores(), settings, plentyOfTime());

    // Then it is a recorded failure, and nothing is written to the bucket
    expect(await storage.items()).toEqual([expect.objectContaining({ sourceKey: 'uploads/rust/photo.jpg', status: 'failed', errorType: 'outside-prefix' })]);
    expect(await storage.keys()).toEqual([]);
  });

  it('refuses the prefix itself, which names no upload', async () => {
    await processRecords(eventOf(putRecord({ bucket: storage.bucket, key: 'uploads/node/', size: 0 })), realStores(), settings, plentyOfTime());
    expect(await storage.items()).toEqual([expect.objectContaining({ errorType: 'outside-prefix' })]);
  });

  it('refuses an upload larger than the maximum by the size the event gives, without reading it', async () => {
    // Given a record saying the object has one byte more than the maximum (and no such object)
    const record = putRecord({ bucket: storage.bucket, key: 'uploads/node/huge.jpg', size: settings.maxSourceBytes + 1 });

    // When it is processed, it is a recorded failure and nothing was read (a read would have thrown)
    await processRecords(eventOf(record), realStores(), settings, plentyOfTime());
    expect(await storage.items()).toEqual([expect.objectContaining({ errorType: 'too-large', sourceBytes: settings.maxSourceBytes + 1 })]);
  });

  it('refuses an upload larger than the maximum by its ContentLength when the event gives no size', async () => {
    // Given a 2 KiB upload, a record without its size, and a maximum of 1 KiB
    const body = Buffer.alloc(2048, 0xff);
    await storage.upload('uploads/node/big.png', body);
    const record = putRecord({ bucket: storage.bucket, key: 'uploads/node/big.png' });

    // When it is processed
    await processRecords(eventOf(record), realStores(), { ...settings, maxSourceBytes: 1024 }, plentyOfTime());

    // Then it failed as too large, with the size S3 gave
    expect(await storage.items()).toEqual([expect.objectContaining({ errorType: 'too-large', sourceBytes: 2048 })]);
    expect(await storage.keys()).toEqual(['uploads/node/big.png']);
  });

  it('goes on to the next record after one fails', async () => {
    // Given a truncated JPEG, then a good one
    const event = eventOf(
      await uploaded('uploads/node/broken.jpg', truncated(await jpeg(600, 400))),
      await uploaded('uploads/node/good.jpg', await jpeg(60, 40)),
    );

    // When both are processed
    const outcomes = await processRecords(event, realStores(), settings, plentyOfTime());

    // Then the first is a recorded failure, knowing its header, and the second has its thumbnail
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['failed', 'done']);
    expect(await storage.item('uploads/node/broken.jpg')).toMatchObject({
      status: 'failed',
      errorType: 'corrupt-image',
      format: 'jpeg',
      sourceWidth: 600,
      sourceHeight: 400,
    });
    expect(await storage.item('uploads/node/good.jpg')).toMatchObject({ status: 'done' });
    expect(await storage.keys()).toEqual(['thumbnails/node/good.jpg', 'uploads/node/broken.jpg', 'uploads/node/good.jpg']);
  });

  it('leaves one item and one thumbnail when the same event is delivered again', async () => {
    // Given an event processed once
    const event = eventOf(await uploaded('uploads/node/again.png', await png(20, 20)));
    await processRecords(event, realStores(), settings, plentyOfTime());
    const [first] = await storage.items();

    // When Lambda delivers it again (a retry)
    await processRecords(event, realStores(), settings, plentyOfTime());

    // Then there is still one item for the upload, put again, and one thumbnail
    const items = await storage.items();
    expect(items).toEqual([{ ...first, processedAt: expect.stringMatching(isoMs) }]);
    expect(await storage.keys()).toEqual(['thumbnails/node/again.png', 'uploads/node/again.png']);
  });

  it('reports each outcome as it is settled', async () => {
    // Given an upload, then its removal, which the function has no business with
    const removed = { ...putRecord({ bucket: storage.bucket, key: 'uploads/node/a.jpg' }), eventName: 'ObjectRemoved:Delete' } as const;
    const event = eventOf(await uploaded('uploads/node/a.jpg', await jpeg(8, 8)), removed);
    const reported: RecordOutcome[] = [];
    await processRecords(event, realStores(), settings, plentyOfTime(), (outcome) => reported.push(outcome));
    expect(reported.map((outcome) => outcome.kind)).toEqual(['done', 'skipped']);
  });
});

describe('processRecords when a store fails', () => {
  it('throws for Lambda to retry, after the records before it are done, and leaves the rest', async () => {
    // Given a good upload, a record for an object S3 does not have, and another good upload
    const event = eventOf(
      await uploaded('uploads/node/first.jpg', await jpeg(20, 20)),
      putRecord({ bucket: storage.bucket, key: 'uploads/node/missing.jpg', size: 10 }),
      await uploaded('uploads/node/third.jpg', await jpeg(20, 20)),
    );

    // When the event is processed
    const processing = processRecords(event, realStores(), settings, plentyOfTime());

    // Then it rejects naming the record S3 failed on
    await expect(processing).rejects.toThrow(RecordNotFinishedError);
    await expect(processing).rejects.toMatchObject({ index: 1, key: 'uploads/node/missing.jpg', cause: expect.objectContaining({ name: 'NoSuchKey' }) });
    // And the first record is done, the third untouched until the retry
    expect(await storage.items()).toEqual([expect.objectContaining({ sourceKey: 'uploads/node/first.jpg', status: 'done' })]);
    expect(await storage.keys()).toEqual(['thumbnails/node/first.jpg', 'uploads/node/first.jpg', 'uploads/node/third.jpg']);
  });

  it('throws when the table refuses the connection, and records nothing', async () => {
    // Given a table endpoint where nothing listens
    const { dynamodb } = clientsWith({ dynamodbEndpoint: await refusingEndpoint() });
    const stores = { objects: s3ObjectStore(storage.s3), items: dynamoItemStore(dynamodb, storage.table) };
    const event = eventOf(await uploaded('uploads/node/photo.jpg', await jpeg(20, 20)));

    // When the event is processed, it rejects with the refused connection as the cause
    await expect(processRecords(event, stores, settings, plentyOfTime())).rejects.toMatchObject({
      name: 'RecordNotFinishedError',
      cause: expect.objectContaining({ code: 'ECONNREFUSED' }),
    });
    dynamodb.destroy();
    expect(await storage.items()).toEqual([]);
  });

  it('throws a failed item the table refuses too: a permanent failure is never lost unrecorded', async () => {
    const { dynamodb } = clientsWith({ dynamodbEndpoint: await refusingEndpoint() });
    const stores = { objects: s3ObjectStore(storage.s3), items: dynamoItemStore(dynamodb, storage.table) };
    const event = eventOf(putRecord({ bucket: storage.bucket, key: 'elsewhere/photo.jpg', size: 10 }));
    await expect(processRecords(event, stores, settings, plentyOfTime())).rejects.toThrow(RecordNotFinishedError);
    dynamodb.destroy();
  });

  it('gives up on a stalled bucket by the deadline and throws', async () => {
    // Given a bucket whose server never answers, and 2.5 s left
    const silent = await startSilentServer();
    const { s3 } = clientsWith({ s3Endpoint: silent.endpoint });
    const stores = { objects: s3ObjectStore(s3), items: dynamoItemStore(storage.dynamodb, storage.table) };
    const deadline = storeDeadline(2_500);
    const event = eventOf(putRecord({ bucket: storage.bucket, key: 'uploads/node/photo.jpg', size: 10 }));

    // When the event is processed, it rejects by the deadline, the read's outcome unknown
    const processing = processRecords(event, stores, settings, deadline).finally(() => silent.close());
    await expect(processing).rejects.toMatchObject({ cause: expect.objectContaining({ name: 'OutcomeUnknownError' }) });
    s3.destroy();
    expect(Date.now()).toBeLessThan(deadline + 200);
    expect(await storage.items()).toEqual([]);
  });

  it('sends nothing when the invocation has no time left', async () => {
    const event = eventOf(await uploaded('uploads/node/photo.jpg', await jpeg(20, 20)));
    await expect(processRecords(event, realStores(), settings, storeDeadline(400))).rejects.toMatchObject({ cause: expect.objectContaining({ name: 'NoTimeLeftError' }) });
    expect(await storage.keys()).toEqual(['uploads/node/photo.jpg']);
  });
});
