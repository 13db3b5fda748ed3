import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contenderNames, thumbnailers, type ContenderName } from '../functions.config.ts';
import { gif, jpeg, png } from '../handlers/thumbnailer/testing/images.ts';
import { startStandIn, type StandIn } from './stand-in.ts';
import { localClients, type LocalClients } from './storage/resources.ts';
import { reports } from './testing/run-records.ts';
import { settled } from './testing/settled.ts';

/** `THUMBNAIL_CONTENDERS=node` narrows the run to some thumbnailers; unset, every one. */
const tried: readonly ContenderName[] = process.env.THUMBNAIL_CONTENDERS
  ? contenderNames.filter((name) => process.env.THUMBNAIL_CONTENDERS?.split(',').includes(name))
  : contenderNames;

/** A cold Python or Node start plus a 1 MP decode under 0.58 vCPU: seconds, not milliseconds. */
const pipelineTimeoutMs = 60_000;

describe.each(tried)('an upload under uploads/%s/ becomes a thumbnail and an item, through S3 events and Lambda asynchronous invocation', (contender) => {
  const fn = thumbnailers[contender];
  let standIn: StandIn;
  let clients: LocalClients;

  beforeAll(async () => {
    standIn = await startStandIn({ functions: [fn], logDir: mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-thumbnails-')), notice: () => undefined });
    clients = localClients(standIn.storage.env);
  }, 120_000);
  afterAll(async () => {
    clients?.s3.destroy();
    clients?.dynamodb.destroy();
    await standIn?.stop();
  });

  const upload = (key: string, body: Buffer) =>
    clients.s3.send(new PutObjectCommand({ Bucket: standIn.storage.bucketName, Key: key, Body: body }));
  const item = async (sourceKey: string) =>
    (await clients.dynamodb.send(new GetItemCommand({ TableName: standIn.storage.metadataTableName, Key: { sourceKey: { S: sourceKey } } }))).Item;
  const itemOnceWritten = (sourceKey: string) => settled(() => item(sourceKey), (found) => found !== undefined, pipelineTimeoutMs);

  it('makes a half-size thumbnail in the same format under the thumbnail prefix, and triggers nothing with it', async () => {
    // Given a JPEG uploaded under the contender's prefix, with a space and a '+' in its name
    const key = `${fn.uploadPrefix}red flower+1.jpg`;
    await upload(key, await jpeg(640, 480));

    // Then its item says done, with the thumbnail's key and sizes
    const written = await itemOnceWritten(key);
    expect(written).toMatchObject({
      status: { S: 'done' },
      thumbnailKey: { S: `${fn.thumbnailPrefix}red flower+1.jpg` },
      format: { S: 'jpeg' },
      sourceWidth: { N: '640' },
      thumbnailWidth: { N: '320' },
      thumbnailHeight: { N: '240' },
    });
    // And the thumbnail is a 320×240 JPEG
    const thumbnail = await clients.s3.send(new GetObjectCommand({ Bucket: standIn.storage.bucketName, Key: `${fn.thumbnailPrefix}red flower+1.jpg` }));
    const meta = await sharp(Buffer.from(await thumbnail.Body!.transformToByteArray())).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 320, height: 240 });
    // And the function ran once: writing the thumbnail under thumbnails/ started nothing
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await standIn.events?.queue.idle();
    expect(await settled(() => reports(standIn, fn.name), (all) => all.length >= 1)).toHaveLength(1);
  }, pipelineTimeoutMs);

  it('records a non-image as a failed item and serves the next upload', async () => {
    // Given a GIF, then a PNG
    await upload(`${fn.uploadPrefix}animation.gif`, await gif(8, 8));
    await upload(`${fn.uploadPrefix}logo.png`, await png(101, 51));

    // Then the GIF's item is a failure of its format, and the PNG's is done at half size, rounded down
    expect(await itemOnceWritten(`${fn.uploadPrefix}animation.gif`)).toMatchObject({ status: { S: 'failed' }, errorType: { S: 'unsupported-format' } });
    expect(await itemOnceWritten(`${fn.uploadPrefix}logo.png`)).toMatchObject({ status: { S: 'done' }, format: { S: 'png' }, thumbnailWidth: { N: '50' }, thumbnailHeight: { N: '25' } });
  }, pipelineTimeoutMs);

  it('leaves every one of many concurrent uploads with exactly one item and, when done, one thumbnail', async () => {
    // Given 24 uploads at once under a folder of their own, a third of them not images
    const folder = `${fn.uploadPrefix}burst/`;
    const keys = Array.from({ length: 24 }, (_, index) => `${folder}${index}.${index % 3 === 0 ? 'txt' : 'jpg'}`);
    const photo = await jpeg(320, 240);
    await Promise.all(keys.map((key) => upload(key, key.endsWith('.txt') ? Buffer.from('not a photo') : photo)));

    // Then, once the queue is idle, each key has its item: done for the photos, failed for the rest
    const items = await settled(
      async () => (await clients.dynamodb.send(new ScanCommand({ TableName: standIn.storage.metadataTableName }))).Items ?? [],
      (all) => all.filter((found) => found.sourceKey?.S?.startsWith(folder)).length >= keys.length,
      pipelineTimeoutMs,
    );
    const mine = items.filter((found) => found.sourceKey?.S?.startsWith(folder));
    expect(mine.map((found) => found.sourceKey?.S).sort()).toEqual([...keys].sort());
    expect(mine.filter((found) => found.status?.S === 'done')).toHaveLength(16);
    expect(mine.filter((found) => found.status?.S === 'failed').every((found) => found.errorType?.S === 'not-an-image')).toBe(true);
    // And the thumbnails are exactly the photos'
    const listed = await clients.s3.send(new ListObjectsV2Command({ Bucket: standIn.storage.bucketName, Prefix: `${fn.thumbnailPrefix}burst/` }));
    expect(listed.Contents?.map((object) => object.Key).sort()).toEqual(keys.filter((key) => key.endsWith('.jpg')).map((key) => key.replace(fn.uploadPrefix, fn.thumbnailPrefix)).sort());
  }, pipelineTimeoutMs * 2);
});
