/**
 * The S3 event notification as S3 delivers it to Lambda (an asynchronous invocation whose payload
 * is `{ Records: [...] }`, one record per notification), and the key codec both sides need: the
 * stand-in encodes keys the way S3 does, a function decodes them before it reads the object.
 * Types, constants and the codec only; the fields follow AWS's "Event message structure" page
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
 */

/** The version the stand-in writes: what S3 has sent for ObjectCreated events since 2014. Newer S3 sends 2.4 and up, so readers accept any 2.x. */
export const s3EventVersion = '2.1';

/** Every event type S3 names in a record, without the `s3:` its notification configuration writes. */
export const s3EventNames = [
  'ObjectCreated:Put',
  'ObjectCreated:Post',
  'ObjectCreated:Copy',
  'ObjectCreated:CompleteMultipartUpload',
  'ObjectRemoved:Delete',
  'ObjectRemoved:DeleteMarkerCreated',
  'ObjectRestore:Post',
  'ObjectRestore:Completed',
  'ObjectRestore:Delete',
  'ReducedRedundancyLostObject',
  'Replication:OperationFailedReplication',
  'Replication:OperationMissedThreshold',
  'Replication:OperationReplicatedAfterThreshold',
  'Replication:OperationNotTracked',
  'LifecycleExpiration:Delete',
  'LifecycleExpiration:DeleteMarkerCreated',
  'LifecycleTransition',
  'IntelligentTiering',
  'ObjectTagging:Put',
  'ObjectTagging:Delete',
  'ObjectAcl:Put',
] as const;

export type S3EventName = (typeof s3EventNames)[number];

export interface S3Event {
  Records: S3EventRecord[];
}

export interface S3UserIdentity {
  principalId: string;
}

export interface S3EventRecord {
  eventVersion: string;
  eventSource: 'aws:s3';
  awsRegion: string;
  /** ISO-8601 with milliseconds, e.g. `2026-12-02T03:26:12.345Z`: when S3 finished the request. */
  eventTime: string;
  eventName: S3EventName;
  userIdentity: S3UserIdentity;
  requestParameters: { sourceIPAddress: string };
  /** The ids of the S3 request that caused the event: the same in every notification it sends. */
  responseElements: { 'x-amz-request-id': string; 'x-amz-id-2': string };
  s3: {
    s3SchemaVersion: '1.0';
    /** The Id of the notification configuration (rule) this notification is for. */
    configurationId: string;
    bucket: { name: string; ownerIdentity: S3UserIdentity; arn: string };
    object: S3EventObject;
  };
  /** Only on ObjectRestore:Completed events. */
  glacierEventData?: {
    restoreEventData: { lifecycleRestorationExpiryTime: string; lifecycleRestoreStorageClass: string };
  };
}

export interface S3EventObject {
  /** Form-encoded: decode it with `decodeEventKey` before asking S3 for the object. */
  key: string;
  /** Bytes; absent on ObjectRemoved events. */
  size?: number;
  /** The object's ETag without quotes; absent on ObjectRemoved events. */
  eTag?: string;
  /** Only in a bucket with versioning enabled. */
  versionId?: string;
  /** Upper-case hex; of two events for one key, the later has the greater value (see `compareSequencers`). */
  sequencer: string;
}

/**
 * A key as S3 writes it in an event: "The object key name value is URL encoded. For example, 'red
 * flower.jpg' becomes 'red+flower.jpg' (Amazon S3 returns 'application/x-www-form-urlencoded' as
 * the content type in the response)" (AWS's page above). That is the WHATWG form-urlencoded
 * serializer: UTF-8 bytes, ASCII letters, digits and `*-._` kept, a space as `+`, every other byte
 * as `%XX` (so a literal `+` is `%2B`; `:` `%3A` and `=` `%3D`, as real events show).
 *
 * `/` is kept. The evidence is mixed: a 2015 report (aws/aws-sdk-js#837) saw `test%2F10%3A47…`,
 * but later reports of real events keep it (`files/2017-11-15+14%3A22%3A21_file.csv`,
 * localstack/localstack#465; "in reality the slash character is not encoded, while otherwise using
 * query-style encoding", minio/minio#11665), as do AWS's own samples (`test/key`). A function that
 * decodes with `decodeEventKey` (or `unquote_plus`) reads either form.
 */
export function encodeEventKey(key: string): string {
  return new URLSearchParams([['', key]]).toString().slice(1).replaceAll('%2F', '/');
}

/**
 * What a function must do to an event's key before it reads the object: `+` back to a space, then
 * percent-decoding as UTF-8. Throws on a `%` that does not start a valid escape.
 */
export function decodeEventKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replaceAll('+', ' '));
  } catch {
    throw new Error(`the event key '${encoded}' is not form-encoded: a '%' starts no valid UTF-8 escape`);
  }
}

/**
 * Which of two events for the same key happened later, as AWS says to compare sequencers: "left
 * pad the shorter value with zeros and then do lexicographical comparison". Negative when `a` is
 * earlier, positive when later, 0 when the same.
 */
export function compareSequencers(a: string, b: string): number {
  const width = Math.max(a.length, b.length);
  const [left, right] = [a.toUpperCase().padStart(width, '0'), b.toUpperCase().padStart(width, '0')];
  return left < right ? -1 : left > right ? 1 : 0;
}
