import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { ThumbnailerDeclaration } from '../../functions.config.ts';
import { addStorageEnvironment, bucketObjectsFinding, type DuelFunction } from './duel-function.ts';
import type { DuelStorage } from './storage.ts';

/**
 * How long a failure record stays in the queue: a day, like the bucket's objects. Longer than any
 * event may wait (Lambda keeps one six hours at most), so when a run has waited out its events'
 * age, the first failure recorded is still there beside the last.
 */
const failureRetention = Duration.days(1);

/**
 * Makes a deployed thumbnailer the stage of the pipeline its declaration names, in one call so the
 * prefixes, the grants and the notification cannot drift apart:
 * - `METADATA_TABLE_NAME` (from `storageEnvironment`) and exactly the access the contract uses:
 *   `s3:GetObject` under its upload prefix, `s3:PutObject` under its thumbnail prefix,
 *   `dynamodb:PutItem` on the metadata table;
 * - the bucket's notification for objects created under its upload prefix (its thumbnails land
 *   under a prefix no notification watches);
 * - Lambda's asynchronous retries and event age from the declaration, and an on-failure queue of
 *   its own, so each contender's lost events are counted apart without reading the records.
 * Returns that queue.
 */
export function useUploads(fn: DuelFunction<ThumbnailerDeclaration>, storage: DuelStorage): sqs.Queue {
  const { uploadPrefix, thumbnailPrefix, asyncInvoke } = fn.declaration;
  addStorageEnvironment(fn, storage);
  fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [storage.bucket.arnForObjects(`${uploadPrefix}*`)] }));
  fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [storage.bucket.arnForObjects(`${thumbnailPrefix}*`)] }));
  fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [storage.metadataTable.tableArn] }));
  Validations.of(fn.role).acknowledge(
    {
      id: bucketObjectsFinding(fn, storage.bucket, `${uploadPrefix}*`),
      reason: 'The thumbnailer reads whichever upload its event names, so the grant names the objects under its upload prefix, and only GetObject on them.',
    },
    {
      id: bucketObjectsFinding(fn, storage.bucket, `${thumbnailPrefix}*`),
      reason: "Each upload's thumbnail is written under a key made from the upload's, so the grant names the objects under its thumbnail prefix, and only PutObject on them.",
    },
  );

  storage.notifyOnCreated(fn.function, uploadPrefix);

  const failures = new sqs.Queue(fn, 'Failures', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: failureRetention,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  Validations.of(failures).acknowledge({
    id: 'AwsSolutions::AwsSolutions-SQS3',
    reason:
      "The queue is itself the dead-letter end: Lambda's on-failure destination for the thumbnailer's events. Nothing consumes it, so no message can fail again to be redriven; a run reads it, and it empties itself after a day.",
  });
  fn.function.configureAsyncInvoke({
    retryAttempts: asyncInvoke.maximumRetryAttempts,
    maxEventAge: Duration.seconds(asyncInvoke.maximumEventAgeSeconds),
    onFailure: new SqsDestination(failures),
  });
  return failures;
}
