import { createHash, randomBytes } from 'node:crypto';
import {
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsVariables } from '../storage/variables.ts';
import { createBucket, deleteBucket, localClients } from '../storage/resources.ts';
import { uniqueName } from '../testing/scratch-storage.ts';
import { startS3TraceProxy, type S3TraceProxy } from './s3-trace-proxy.ts';
import { WriteTraces } from './write-traces.ts';

const trace = 'Root=1-67a1b2c3-0123456789abcdef01234567;Sampled=0;Lineage=0a1b2c3d:4';

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A client of the proxy, as a function's is, sending `trace` as the SDK does inside Lambda. */
function tracedClient(endpoint: string): S3Client {
  const direct = localClients({ ...process.env, [awsVariables.s3Endpoint]: endpoint }).s3;
  direct.middlewareStack.add(
    (next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers['X-Amzn-Trace-Id'] = trace;
      return next(args);
    },
    { step: 'build' },
  );
  return direct;
}

describe('the S3 trace proxy in front of versitygw', () => {
  const traces = new WriteTraces();
  const direct = localClients(process.env).s3;
  const bucket = uniqueName('trace-proxy');
  let proxy: S3TraceProxy;
  let s3: S3Client;

  beforeAll(async () => {
    await createBucket(direct, bucket);
    proxy = await startS3TraceProxy(process.env[awsVariables.s3Endpoint]!, traces);
    s3 = tracedClient(proxy.url);
  });
  afterAll(async () => {
    s3?.destroy();
    await proxy?.stop();
    await deleteBucket(direct, bucket);
    direct.destroy();
  });

  it('passes a signed 25 MiB PutObject and its GetObject through byte for byte, and keeps the write’s trace once', async () => {
    // Given the largest upload the thumbnailers take, written through the proxy (with Expect: 100-continue, as the SDK sends it for large bodies)
    const body = randomBytes(25 * 1024 * 1024);
    const key = 'uploads/node/big photo+1.jpg';
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));

    // Then S3 holds those bytes, read back through the proxy, and signed requests verified both ways
    const read = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(sha256(await read.Body!.transformToByteArray())).toBe(sha256(body));
    // And the write's trace is kept for its event, by the decoded key, and given once
    expect(traces.take(bucket, key)).toBe(trace);
    expect(traces.take(bucket, key)).toBeUndefined();
  });

  it('keeps the trace of a write through a presigned URL, whose signature is in the query', async () => {
    const key = 'uploads/node/presigned.jpg';
    const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 60 });
    const answer = await fetch(url, { method: 'PUT', body: 'photo', headers: { 'X-Amzn-Trace-Id': trace } });

    expect(answer.status).toBe(200);
    expect(traces.take(bucket, key)).toBe(trace);
  });

  it('keeps nothing for a write S3 refuses, a part of a multipart upload or a read', async () => {
    // Given a write to a bucket that does not exist, a part upload and a read, each with a trace
    await expect(s3.send(new PutObjectCommand({ Bucket: uniqueName('missing'), Key: 'uploads/node/a.jpg', Body: 'a' }))).rejects.toThrow();
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'uploads/node/parts.jpg' }));
    await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'uploads/node/parts.jpg', UploadId, PartNumber: 1, Body: 'part' }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'uploads/node/read.jpg', Body: 'read' }));
    traces.take(bucket, 'uploads/node/read.jpg');
    await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'uploads/node/read.jpg' }))).Body!.transformToString();

    // Then no trace is kept that an event would wait for
    expect(traces.size()).toBe(0);
  });
});
