import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DeleteMessageBatchCommand, QueueDoesNotExist, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AsyncFailureRecord } from '../formats/async-failure.ts';
import { encodeEventKey } from '../formats/s3-event.ts';
import { deployedFailureQueueUrls } from '../infra/testing/deployed-outputs.ts';
import { CommandError } from '../toolchain/command.ts';
import { awsEvents, failureRecord, type FailureQueue } from './aws-events.ts';

const sqsMock = mockClient(SQSClient);
const sqs = new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const urls = deployedFailureQueueUrls();
const nodeQueue: FailureQueue = { thumbnailer: 'node-thumbnailer', url: urls['node-thumbnailer']! };
const rustQueue: FailureQueue = { thumbnailer: 'rust-thumbnailer', url: urls['rust-thumbnailer']! };

/** The record Lambda sends an SQS destination after the last retry, in the shape of AWS's example; the event's key form-encoded, as S3 sends it. */
function record(key: string, requestId = `req-${key}`): AsyncFailureRecord {
  return {
    version: '1.0',
    timestamp: '2026-12-02T06:10:00.000Z',
    requestContext: { requestId, functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:LambdaDuel-node-thumbnailer:$LATEST', condition: 'RetriesExhausted', approximateInvokeCount: 3 },
    requestPayload: { Records: [{ eventVersion: '2.1', eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'bucket' }, object: { key: encodeEventKey(key), size: 1000 } } }] },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType: 'StoreError', errorMessage: 'metadata table unavailable' },
  };
}

const message = (id: string, body: string): Message => ({ MessageId: id, ReceiptHandle: `handle-${id}`, Body: body });

async function runFiles(): Promise<string> {
  return path.join(await mkdtemp(path.join(os.tmpdir(), 'aws-events-')), 'lambda', 'async-failures.jsonl');
}

const lines = async (file: string) => (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);

function printed(): { lines: string[]; print: (line: string) => void } {
  const said: string[] = [];
  return { lines: said, print: (line) => said.push(line) };
}

beforeEach(() => sqsMock.reset());

describe("the stack's on-failure queues, as a thumbnails run's events", () => {
  it('keeps the source key of every record, appends each to the run file before its message is deleted, and reads until a receive is empty', async () => {
    // Given the node queue with eleven records over two receives (a key with a space among them) and the rust queue empty
    const keys = Array.from({ length: 11 }, (_, index) => `uploads/node/run-1/${String(index).padStart(5, '0')}-12mp photo.jpg`);
    const received = keys.map((key, index) => message(`m${index}`, JSON.stringify(record(key))));
    sqsMock
      .on(ReceiveMessageCommand, { QueueUrl: nodeQueue.url })
      .resolvesOnce({ Messages: received.slice(0, 10) })
      .resolvesOnce({ Messages: received.slice(10) })
      .resolves({});
    sqsMock.on(ReceiveMessageCommand, { QueueUrl: rustQueue.url }).resolves({});
    const file = await runFiles();
    const keptWhenDeleted: number[] = [];
    sqsMock.on(DeleteMessageBatchCommand).callsFake(async () => {
      keptWhenDeleted.push((await lines(file)).length);
      return { Successful: [], Failed: [] };
    });
    const source = awsEvents({ sqs, queues: [nodeQueue, rustQueue], failuresFile: file, print: () => {} });

    // When the drain asks what Lambda gave up
    const gaveUp = await source.gaveUp();

    // Then every record's upload is named, decoded as it was stored
    expect(gaveUp).toEqual(new Set(keys));
    // and each receive long-polled at most ten messages
    const receives = sqsMock.commandCalls(ReceiveMessageCommand).map((call) => call.args[0].input);
    expect(receives.filter((input) => input.QueueUrl === nodeQueue.url)).toHaveLength(3);
    expect(receives.every((input) => input.MaxNumberOfMessages === 10 && input.WaitTimeSeconds === 2)).toBe(true);
    // and every record is in the run's file, each batch written before its messages were deleted
    expect((await lines(file)).map((line) => JSON.parse(line) as AsyncFailureRecord)).toEqual(keys.map((key) => record(key)));
    expect(keptWhenDeleted).toEqual([10, 11]);
    expect(sqsMock.commandCalls(DeleteMessageBatchCommand).flatMap((call) => call.args[0].input.Entries!.map((entry) => entry.ReceiptHandle))).toEqual(
      received.map((each) => each.ReceiptHandle),
    );
  });

  it('remembers what earlier reads found, and keeps a message received again only once', async () => {
    // Given a record read, its delete not taken, and the same message received again with a new one
    const first = message('m1', JSON.stringify(record('uploads/node/run-1/00000-a.jpg')));
    const second = message('m2', JSON.stringify(record('uploads/node/run-1/00001-b.jpg')));
    sqsMock.on(ReceiveMessageCommand).resolvesOnce({ Messages: [first] }).resolvesOnce({}).resolvesOnce({ Messages: [first, second] }).resolves({});
    sqsMock.on(DeleteMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const file = await runFiles();
    const source = awsEvents({ sqs, queues: [nodeQueue], failuresFile: file, print: () => {} });

    // When the drain asks twice
    await source.gaveUp();
    const gaveUp = await source.gaveUp();

    // Then both uploads are named, the file holds each record once, and both messages were deleted
    expect(gaveUp).toEqual(new Set(['uploads/node/run-1/00000-a.jpg', 'uploads/node/run-1/00001-b.jpg']));
    expect(await lines(file)).toHaveLength(2);
    expect(sqsMock.commandCalls(DeleteMessageBatchCommand).at(-1)!.args[0].input.Entries).toEqual([
      { Id: '0', ReceiptHandle: 'handle-m1' },
      { Id: '1', ReceiptHandle: 'handle-m2' },
    ]);
  });

  it('says once of a message that is not a record and leaves it in the queue, and of a record that names no upload', async () => {
    // Given a stray message, and a record whose payload Lambda dropped (too large for the destination)
    const { requestPayload: _dropped, ...withoutPayload } = record('uploads/node/run-1/00000-a.jpg', 'req-dropped');
    sqsMock
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [message('stray', 'hello'), message('m1', JSON.stringify(withoutPayload))] })
      .resolvesOnce({ Messages: [message('stray', 'hello')] })
      .resolves({});
    sqsMock.on(DeleteMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const file = await runFiles();
    const { lines: said, print } = printed();
    const source = awsEvents({ sqs, queues: [nodeQueue], failuresFile: file, print });

    // When they are read
    const gaveUp = await source.gaveUp();

    // Then no upload is named, the record is kept and deleted, the stray message stays, and each is said once
    expect(gaveUp).toEqual(new Set());
    expect(await lines(file)).toHaveLength(1);
    expect(sqsMock.commandCalls(DeleteMessageBatchCommand).map((call) => call.args[0].input.Entries)).toEqual([[{ Id: '0', ReceiptHandle: 'handle-m1' }]]);
    expect(said).toEqual([
      'thumbnails: a message in the failure queue of node-thumbnailer is not an on-failure record (message stray); it stays in the queue',
      'thumbnails: an on-failure record of node-thumbnailer names no upload (request req-dropped); it is kept in async-failures.jsonl',
    ]);
  });

  it('is one line naming the queue when it cannot be read', async () => {
    const file = await runFiles();
    const source = awsEvents({ sqs, queues: [nodeQueue], failuresFile: file, print: () => {} });
    sqsMock.on(ReceiveMessageCommand).rejects(new QueueDoesNotExist({ message: 'The specified queue does not exist.', $metadata: {} }));
    await expect(source.gaveUp()).rejects.toThrow(CommandError);
    await expect(source.gaveUp()).rejects.toThrow(
      `reading the failure queue of node-thumbnailer (${nodeQueue.url}): not found (The specified queue does not exist.): deploy the stack first with npm run deploy`,
    );
    sqsMock.on(ReceiveMessageCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    await expect(source.gaveUp()).rejects.toThrow(`reading the failure queue of node-thumbnailer (${nodeQueue.url}): no AWS credentials found`);
    // and nothing was deleted or kept
    expect(sqsMock.commandCalls(DeleteMessageBatchCommand)).toHaveLength(0);
    expect(await lines(file)).toEqual([]);
  });

  it('never calls the queue quiet, and counts every upload still open when it stops as maybe queued: AWS keeps its own queue', async () => {
    const source = awsEvents({ sqs, queues: [nodeQueue], failuresFile: await runFiles() });
    expect(source.kind).toBe('aws');
    expect(source.quiet(0)).toBe(false);
    await expect(source.stop(['uploads/node/run-1/00003-a.jpg'])).resolves.toEqual(new Set(['uploads/node/run-1/00003-a.jpg']));
  });
});

describe('an on-failure record in a message body', () => {
  it('is the JSON of the record; anything else is not one', () => {
    const body = record('uploads/node/run-1/00000-a.jpg');
    expect(failureRecord(JSON.stringify(body))).toEqual(body);
    for (const other of [undefined, '', 'not json', 'null', '[]', '{"Records":[]}', '{"requestContext":{}}']) expect(failureRecord(other)).toBeUndefined();
  });
});
