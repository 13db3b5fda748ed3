import { randomUUID } from 'node:crypto';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

// A function in a recursive loop through S3: for each object an event names, it writes a new one
// beside it, under the same watched prefix, so the bucket's notification invokes it again. The new
// object's body is the trace header the invocation ran under, so a test can read the chain back.
// The SDK finds its endpoint, region and credentials in the variables Lambda gives it, and sends
// X-Amzn-Trace-Id from _X_AMZN_TRACE_ID, as it does on Lambda.
const s3 = new S3Client({ forcePathStyle: true });

export const handler = async ({ Records = [] }) => {
  for (const { s3: written } of Records) {
    const key = decodeURIComponent(written.object.key.replace(/\+/g, ' '));
    const folder = key.slice(0, key.lastIndexOf('/') + 1);
    await s3.send(new PutObjectCommand({ Bucket: written.bucket.name, Key: `${folder}${randomUUID()}`, Body: process.env._X_AMZN_TRACE_ID }));
  }
  return { written: Records.length };
};
