/**
 * versitygw's webhook POST (v1.8.0, `s3event/event.go`) read and rewritten into the record S3
 * gives Lambda. versitygw's record is AWS's in outline but differs in each field fixed below: its
 * eventVersion is 2.2, its eventName keeps `s3:`, its eventTime has whole seconds, its identities
 * say `PrincipalId`, its key is the raw key, its eTag is quoted, its bucket ARN carries the whole
 * path, its request ids are empty, its configurationId is always `webhook-global`, its sequencer is
 * a bare counter, and it always adds an empty glacierEventData.
 */
import {
  encodeEventKey,
  s3EventNames,
  s3EventVersion,
  type S3EventName,
  type S3EventRecord,
} from '../../formats/s3-event.ts';

/** What versitygw sends per event, as far as the rewrite reads it. */
export interface VersitygwRecord {
  eventName: string;
  awsRegion: string;
  userIdentity: { PrincipalId: string };
  requestParameters: { sourceIPAddress: string };
  responseElements: { 'x-amz-request-id': string; 'x-amz-id-2': string };
  s3: {
    bucket: { name: string; ownerIdentity: { PrincipalId: string } };
    object: { key: string; size: number; eTag: string | null; versionId: string | null; sequencer: string };
  };
}

/** A POST's body: the test event versitygw sends once at startup, or records. */
export type VersitygwPost = { kind: 'test' } | { kind: 'records'; records: VersitygwRecord[] };

export class MalformedPost extends Error {
  override name = 'MalformedPost';
}

/** Reads a POST's JSON body; throws MalformedPost naming what is missing. */
export function readVersitygwPost(body: unknown): VersitygwPost {
  if (isObject(body) && body['Event'] === 's3:TestEvent') return { kind: 'test' };
  const records = isObject(body) ? body['Records'] : undefined;
  if (!Array.isArray(records)) throw new MalformedPost('the body is neither a test event nor { Records: [...] }');
  records.forEach(checkRecord);
  return { kind: 'records', records: records as VersitygwRecord[] };
}

/** The stand-in's own part of a record: what versitygw cannot know or leaves empty. */
export interface Stamp {
  configurationId: string;
  /** When the receiver read the POST, a millisecond or so after versitygw finished the request. */
  eventTime: Date;
  requestIds: S3EventRecord['responseElements'];
  sequencer: string;
}

/** The AWS name of a versitygw event, or undefined for one S3 has no name for. */
export function awsEventName(record: VersitygwRecord): S3EventName | undefined {
  const name = record.eventName.replace(/^s3:/, '');
  // versitygw's own name for each key of a DeleteObjects call; S3 sends ObjectRemoved:Delete for each.
  if (name === 'ObjectRemoved:DeleteObjects') return 'ObjectRemoved:Delete';
  return (s3EventNames as readonly string[]).includes(name) ? (name as S3EventName) : undefined;
}

export function toAwsRecord(record: VersitygwRecord, eventName: S3EventName, stamp: Stamp): S3EventRecord {
  const { bucket, object } = record.s3;
  const removed = eventName.startsWith('ObjectRemoved:');
  return {
    eventVersion: s3EventVersion,
    eventSource: 'aws:s3',
    awsRegion: record.awsRegion,
    eventTime: stamp.eventTime.toISOString(),
    eventName,
    userIdentity: { principalId: record.userIdentity.PrincipalId },
    requestParameters: { sourceIPAddress: record.requestParameters.sourceIPAddress },
    responseElements: {
      'x-amz-request-id': record.responseElements['x-amz-request-id'] || stamp.requestIds['x-amz-request-id'],
      'x-amz-id-2': record.responseElements['x-amz-id-2'] || stamp.requestIds['x-amz-id-2'],
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: stamp.configurationId,
      bucket: {
        name: bucket.name,
        ownerIdentity: { principalId: bucket.ownerIdentity.PrincipalId },
        arn: `arn:aws:s3:::${bucket.name}`,
      },
      object: {
        key: encodeEventKey(object.key),
        ...(removed ? {} : { size: object.size, eTag: (object.eTag ?? '').replace(/^"|"$/g, '') }),
        ...(object.versionId ? { versionId: object.versionId } : {}),
        sequencer: stamp.sequencer,
      },
    },
  };
}

function checkRecord(record: unknown, index: number): void {
  const at = (path: string[]): unknown => path.reduce<unknown>((value, name) => (isObject(value) ? value[name] : undefined), record);
  const strings = [
    ['eventName'],
    ['awsRegion'],
    ['userIdentity', 'PrincipalId'],
    ['requestParameters', 'sourceIPAddress'],
    ['responseElements', 'x-amz-request-id'],
    ['responseElements', 'x-amz-id-2'],
    ['s3', 'bucket', 'name'],
    ['s3', 'bucket', 'ownerIdentity', 'PrincipalId'],
    ['s3', 'object', 'key'],
  ];
  const missing = strings.find((path) => typeof at(path) !== 'string');
  if (missing) throw new MalformedPost(`record ${index} has no string ${missing.join('.')}`);
  if (typeof at(['s3', 'object', 'size']) !== 'number') throw new MalformedPost(`record ${index} has no number s3.object.size`);
  const sequencer = at(['s3', 'object', 'sequencer']);
  if (typeof sequencer !== 'string' || !/^[0-9A-Fa-f]{1,8}$/.test(sequencer)) {
    throw new MalformedPost(`record ${index} has no sequencer of 1 to 8 hex digits: ${JSON.stringify(sequencer)}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
