import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asyncFailuresFile, type AsyncFailureRecord } from '../../formats/async-failure.ts';
import { decodeEventKey, type S3Event } from '../../formats/s3-event.ts';
import { thumbnailers, type ThumbnailerDeclaration } from '../../functions.config.ts';
import { localAccountId } from '../defaults.ts';
import { startStandIn, type StandIn } from '../stand-in.ts';
import { localRegion } from '../storage/credentials.ts';
import { localClients, type LocalClients } from '../storage/resources.ts';
import { reports } from '../testing/run-records.ts';
import { settled } from '../testing/settled.ts';
import { testFunctionDir } from '../testing/test-functions.ts';
import { FailureFile } from './async-destination.ts';
import { AsyncInvoker } from './async-invoke.ts';
import type { InvocationRequest } from './invocation.ts';
import { functionArn } from './launch.ts';
import { continueChain, recursionLimit, stopsRecursion } from './recursion.ts';

const root = 'Root=1-67a1b2c3-0123456789abcdef01234567;Sampled=0';
const arn = 'arn:aws:lambda:us-east-1:000000000000:function:lambda-duel-s3-loop';
/** What botocore leaves as it is when it copies _X_AMZN_TRACE_ID into X-Amzn-Trace-Id. */
const unquotedByBotocore = /^[A-Za-z0-9_.~\-=;:+&[\]{}"',]*$/;

/** The header of the invocation after `count` of the same function in one chain. */
function afterInvocations(count: number, header = root, functionArn = arn): string {
  let traceId = header;
  for (let invocation = 0; invocation < count; invocation += 1) traceId = continueChain(traceId, functionArn).traceId;
  return traceId;
}

function failureRecords(dir: string): AsyncFailureRecord[] {
  const file = path.join(dir, asyncFailuresFile.name);
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as AsyncFailureRecord) : [];
}

describe('the Lineage of a chain of invocations', () => {
  it("starts a function's count at 0 and keeps every other field", () => {
    const { traceId, earlierInvocations } = continueChain(root, arn);
    expect(earlierInvocations).toBe(0);
    expect(traceId).toMatch(/^Root=1-67a1b2c3-0123456789abcdef01234567;Sampled=0;Lineage=[0-9a-f]{8}:0$/);
  });

  it('counts each later invocation of the same function once, in the same entry', () => {
    const third = continueChain(afterInvocations(2), arn);
    expect(third.earlierInvocations).toBe(2);
    expect(third.traceId).toBe(afterInvocations(2).replace(/:1$/, ':2'));
  });

  it("counts each function apart and leaves entries that are not its own, AWS's among them, as they came", () => {
    // Given a chain that went through another function twice and carries an entry in AWS's own format
    const other = 'arn:aws:lambda:us-east-1:000000000000:function:lambda-duel-other';
    const header = afterInvocations(2, `${root};Lineage=1:fe460cdd:0`, other);

    // When this function is invoked in it
    const { traceId, earlierInvocations } = continueChain(header, arn);

    // Then its count starts at 0 beside the others, which are unchanged
    expect(earlierInvocations).toBe(0);
    expect(traceId).toMatch(/;Lineage=1:fe460cdd:0,[0-9a-f]{8}:1,[0-9a-f]{8}:0$/);
    expect(traceId.startsWith(header)).toBe(true);
    expect(traceId).toMatch(unquotedByBotocore);
  });

  it('stops the invocation after the limit when the function says Terminate, never when it says Allow', () => {
    expect(recursionLimit).toBe(16);
    expect(stopsRecursion(recursionLimit - 1, 'Terminate')).toBe(false);
    expect(stopsRecursion(recursionLimit, 'Terminate')).toBe(true);
    expect(stopsRecursion(recursionLimit, 'Allow')).toBe(false);
  });
});

/** The s3-loop test function, invoked by the bucket's notification for its own prefix, as a thumbnailer is. */
const looping: ThumbnailerDeclaration = {
  ...thumbnailers.node,
  name: 's3-loop',
  code: { ...thumbnailers.node.code, bundleDir: testFunctionDir('s3-loop') },
  uploadPrefix: 'uploads/s3-loop/',
  thumbnailPrefix: 'thumbnails/s3-loop/',
  memoryMb: 256,
  timeoutSeconds: 10,
  environment: {},
  asyncInvoke: { maximumRetryAttempts: 0, maximumEventAgeSeconds: 60 },
};

describe('a function that writes under the prefix that invokes it, on the stand-in', () => {
  let standIn: StandIn;
  let clients: LocalClients;

  beforeAll(async () => {
    standIn = await startStandIn({ functions: [looping], logDir: mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-recursion-')), notice: () => undefined });
    clients = localClients(standIn.storage.env);
  }, 120_000);
  afterAll(async () => {
    clients?.s3.destroy();
    await standIn?.stop();
  });

  const objectsUnder = async (prefix: string) =>
    (await clients.s3.send(new ListObjectsV2Command({ Bucket: standIn.storage.bucketName, Prefix: prefix }))).Contents ?? [];
  const body = async (key: string) =>
    (await clients.s3.send(new GetObjectCommand({ Bucket: standIn.storage.bucketName, Key: key }))).Body!.transformToString();

  it('runs it 16 times in one chain, then sends the next event to the on-failure destination and invokes nothing more', async () => {
    // Given one object uploaded under the watched prefix, straight to S3, as a user would
    const folder = `${looping.uploadPrefix}chain/`;
    await clients.s3.send(new PutObjectCommand({ Bucket: standIn.storage.bucketName, Key: `${folder}seed`, Body: 'seed' }));

    // Then the event after the 16th invocation is given up as a recursive loop
    const [failure, ...more] = await settled(() => failureRecords(standIn.logDir), (records) => records.length > 0, 60_000);
    expect(failure?.requestContext).toEqual({
      requestId: expect.any(String),
      functionArn: `${functionArn(looping, localRegion, localAccountId)}:$LATEST`,
      condition: 'RecursiveInvocationDropped',
      approximateInvokeCount: 0,
    });
    expect(failure).not.toHaveProperty('responseContext');
    // And, a while later, nothing else has run: 16 invocations, each of which wrote one object
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await standIn.events?.queue.idle();
    expect(more).toEqual([]);
    expect(failureRecords(standIn.logDir)).toHaveLength(1);
    expect(await settled(() => reports(standIn, looping.name), (all) => all.length > recursionLimit)).toHaveLength(recursionLimit);
    const written = (await objectsUnder(folder)).map(({ Key }) => Key!).filter((key) => key !== `${folder}seed`);
    expect(written).toHaveLength(recursionLimit);
    expect(standIn.events?.queue.recursiveInvocationsDropped()).toEqual({ [looping.name]: 1 });
    // And the dropped event is the one for the object the 16th invocation wrote
    const droppedKey = decodeEventKey((failure!.requestPayload as S3Event).Records[0]!.s3.object.key);
    expect(written).toContain(droppedKey);
    // And each object holds the trace its writer ran under: one root, the function counted 0 to 15
    const traces = await Promise.all(written.map(body));
    expect(new Set(traces.map((trace) => /^Root=([^;]+);/.exec(trace)?.[1])).size).toBe(1);
    const counts = traces.map((trace) => Number(/;Lineage=[0-9a-f]{8}:(\d+)$/.exec(trace)?.[1])).sort((a, b) => a - b);
    expect(counts).toEqual(Array.from({ length: recursionLimit }, (_, count) => count));
    expect(await body(droppedKey)).toMatch(/:15$/);
  }, 90_000);

  it('runs the invocation after the limit when the function allows recursive loops', async () => {
    // Given Lambda's queue for the function with RecursiveLoop Allow, and a chain that has invoked it 16 times
    const destination = mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-recursion-allow-'));
    const requests: InvocationRequest[] = [];
    const allowing = new AsyncInvoker({
      invoker: {
        invoke(request) {
          requests.push(request);
          return standIn.lambda.invoke(request);
        },
      },
      functions: [{ name: looping.name, functionArn: arn, recursiveLoop: 'Allow' }],
      destination: new FailureFile(destination),
    });

    // When one more event of that chain comes, one with no object to write
    allowing.enqueue(looping.name, '{}', { traceId: afterInvocations(recursionLimit) });
    await allowing.idle();

    // Then it ran, its Lineage counting 16 earlier invocations, and nothing was dropped
    expect(requests.map(({ traceId }) => traceId)).toEqual([expect.stringMatching(/;Lineage=[0-9a-f]{8}:16$/)]);
    expect(failureRecords(destination)).toEqual([]);
    expect(allowing.recursiveInvocationsDropped()).toEqual({ [looping.name]: 0 });
  });
});
