/**
 * Test-only: S3 events as Lambda delivers them, made from the record AWS's own documentation
 * captured (`local/events/testing/aws-s3-put-event.json`), with the bucket, key and size of the
 * object under test; the key is form-encoded as S3 writes it.
 */
import { readFileSync } from 'node:fs';
import { encodeEventKey, type S3Event, type S3EventRecord } from '../../../formats/s3-event.ts';

const captured = (JSON.parse(readFileSync(new URL('../../../local/events/testing/aws-s3-put-event.json', import.meta.url), 'utf8')) as S3Event)
  .Records[0]!;

export interface RecordOf {
  bucket: string;
  /** The key as stored; the record carries it encoded. */
  key: string;
  /** What the record says the object's size is; absent when the test leaves it out. */
  size?: number;
  eventTime?: string;
}

export function putRecord({ bucket, key, size, eventTime = '2026-12-02T04:00:00.123Z' }: RecordOf): S3EventRecord {
  const { size: _capturedSize, ...object } = captured.s3.object;
  return {
    ...captured,
    eventTime,
    s3: {
      ...captured.s3,
      bucket: { ...captured.s3.bucket, name: bucket, arn: `arn:aws:s3:::${bucket}` },
      object: { ...object, key: encodeEventKey(key), ...(size === undefined ? {} : { size }) },
    },
  };
}

export function eventOf(...records: S3EventRecord[]): S3Event {
  return { Records: records };
}
