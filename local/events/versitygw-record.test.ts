import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeEventKey } from '../../formats/s3-event.ts';
import { newS3RequestIds } from './s3-ids.ts';
import { awsEventName, MalformedPost, readVersitygwPost, toAwsRecord, type VersitygwRecord } from './versitygw-record.ts';

/** A POST versitygw v1.8.0 really sent, for a PUT of `uploads/node/red flower+1 é.jpg`. */
const captured = JSON.parse(readFileSync(new URL('./testing/versitygw-post.json', import.meta.url), 'utf8')) as unknown;

function capturedRecord(): VersitygwRecord {
  const post = readVersitygwPost(captured);
  if (post.kind !== 'records') throw new Error('the captured POST holds records');
  return post.records[0]!;
}

describe("versitygw's webhook records", () => {
  it('become the record S3 gives Lambda, every differing field rewritten', () => {
    // Given the captured record and the stand-in's stamp
    const record = capturedRecord();
    const requestIds = { 'x-amz-request-id': 'C3D13FE58DE4C810', 'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S' };
    const eventTime = new Date('2026-12-02T03:26:12.345Z');

    // When it is rewritten for a rule
    const aws = toAwsRecord(record, awsEventName(record)!, { configurationId: 'node-uploads', eventTime, requestIds, sequencer: '019AD9F3E4A000000001' });

    // Then it reads as AWS's does
    expect(aws).toEqual({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: '2026-12-02T03:26:12.345Z',
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'AKTEST' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: requestIds,
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'node-uploads',
        bucket: { name: 'photos', ownerIdentity: { principalId: 'AKTEST' }, arn: 'arn:aws:s3:::photos' },
        object: { key: 'uploads/node/red+flower%2B1+%C3%A9.jpg', size: 112525, eTag: '511130d2072cc744a1fa5015bc23557a', sequencer: '019AD9F3E4A000000001' },
      },
    });
    expect(decodeEventKey(aws.s3.object.key)).toBe(record.s3.object.key);
  });

  it("name events as S3 does: no 's3:', DeleteObjects as ObjectRemoved:Delete, none for what S3 has no name for", () => {
    const named = (eventName: string) => awsEventName({ ...capturedRecord(), eventName });
    expect(named('s3:ObjectCreated:CompleteMultipartUpload')).toBe('ObjectCreated:CompleteMultipartUpload');
    expect(named('s3:ObjectRemoved:DeleteObjects')).toBe('ObjectRemoved:Delete');
    expect(named('s3:ObjectCreated:Invented')).toBeUndefined();
  });

  it('lose size and eTag on a removal, as S3 sends none', () => {
    const removed = { ...capturedRecord(), eventName: 's3:ObjectRemoved:Delete' };
    const stamp = { configurationId: 'c', eventTime: new Date(), requestIds: newS3RequestIds(), sequencer: '01' };
    expect(toAwsRecord(removed, awsEventName(removed)!, stamp).s3.object).toEqual({ key: 'uploads/node/red+flower%2B1+%C3%A9.jpg', sequencer: '01' });
  });

  it('tell the startup test event apart, and refuse a body that is neither', () => {
    expect(readVersitygwPost({ Bucket: 'Test-Bucket', Event: 's3:TestEvent', Service: 'S3', Time: '2026-12-02T03:26:03Z' })).toEqual({ kind: 'test' });
    expect(() => readVersitygwPost({ hello: 'world' })).toThrow(MalformedPost);
    const noKey = JSON.parse(JSON.stringify(captured)) as { Records: [{ s3: { object: { key?: string } } }] };
    delete noKey.Records[0].s3.object.key;
    expect(() => readVersitygwPost(noKey)).toThrow('record 0 has no string s3.object.key');
  });
});
