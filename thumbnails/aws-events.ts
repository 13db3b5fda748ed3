/**
 * The deployed stack's events, as a thumbnails run's drain sees them: each thumbnailer's on-failure
 * SQS queue, where Lambda sends the record of every event it gave up. AWS's own asynchronous queue
 * cannot be seen, so nothing here knows when it is empty: the drain waits until every upload is
 * settled, or for its timeout.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { AsyncFailureRecord } from '../formats/async-failure.ts';
import { awsError } from '../infra/aws/errors.ts';
import { eventKeys } from './collect.ts';
import type { EventSource } from './drain.ts';

/** A thumbnailer's on-failure destination: its queue's URL, from the stack's outputs. */
export interface FailureQueue {
  thumbnailer: string;
  url: string;
}

export interface AwsEventsOptions {
  sqs: SQSClient;
  queues: readonly FailureQueue[];
  /** The run's `lambda/async-failures.jsonl`: every record received is kept here before its message is deleted. */
  failuresFile: string;
  /** How long a receive waits for a message (SQS long polling, 1 to 20 s); 2 s unless told. */
  waitSeconds?: number;
  print?: (line: string) => void;
}

/** SQS hands out at most 10 messages a receive, and deletes at most 10 a batch. */
const batchSize = 10;

/**
 * Reads every queue until a receive comes back empty, on each `gaveUp()`: each message's body is the
 * on-failure record (an SQS destination sends the record's JSON as the message), appended to the
 * run's file, and only then deleted, so a record is never lost between the queue and the file. A
 * message received again (a delete that did not take) is deleted and not kept twice. A body that is
 * not a record is said once and left in the queue.
 */
export function awsEvents(options: AwsEventsOptions): EventSource {
  const { sqs, failuresFile, waitSeconds = 2, print = console.error } = options;
  const gaveUp = new Set<string>();
  const kept = new Set<string>();
  const told = new Set<string>();

  const readQueue = async (queue: FailureQueue): Promise<void> => {
    const doing = `reading the failure queue of ${queue.thumbnailer} (${queue.url})`;
    for (;;) {
      let messages: Message[];
      try {
        const answer = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: batchSize, WaitTimeSeconds: waitSeconds }));
        messages = answer.Messages ?? [];
      } catch (error) {
        throw awsError(error, doing);
      }
      if (messages.length === 0) return;
      const received = messages.flatMap((message) => {
        const record = failureRecord(message.Body);
        const id = message.MessageId ?? message.ReceiptHandle ?? '';
        if (record) return [{ id, handle: message.ReceiptHandle, record }];
        if (!told.has(id)) print(`thumbnails: a message in the failure queue of ${queue.thumbnailer} is not an on-failure record (message ${id}); it stays in the queue`);
        told.add(id);
        return [];
      });
      const fresh = received.filter((each) => !kept.has(each.id));
      if (fresh.length > 0) {
        await mkdir(path.dirname(failuresFile), { recursive: true });
        await appendFile(failuresFile, fresh.map((each) => `${JSON.stringify(each.record)}\n`).join(''));
      }
      for (const { id, record } of fresh) {
        kept.add(id);
        const keys = eventKeys(record.requestPayload);
        if (keys.length === 0) print(`thumbnails: an on-failure record of ${queue.thumbnailer} names no upload (request ${record.requestContext.requestId}); it is kept in ${path.basename(failuresFile)}`);
        for (const key of keys) gaveUp.add(key);
      }
      const entries = received.flatMap((each, index) => (each.handle ? [{ Id: String(index), ReceiptHandle: each.handle }] : []));
      if (entries.length === 0) continue;
      try {
        // A message this fails to delete comes back after its visibility timeout, and is deleted then.
        await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queue.url, Entries: entries }));
      } catch (error) {
        throw awsError(error, `deleting what was read from the failure queue of ${queue.thumbnailer} (${queue.url}); the records are kept in ${failuresFile}`);
      }
    }
  };

  return {
    kind: 'aws',
    gaveUp: async () => {
      await Promise.all(options.queues.map(readQueue));
      return new Set(gaveUp);
    },
    quiet: () => false,
    stop: async (open) => new Set(open),
  };
}

/** An on-failure record, parsed from a message body; undefined for anything else. */
export function failureRecord(body: string | undefined): AsyncFailureRecord | undefined {
  if (body === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const context = (parsed as Partial<AsyncFailureRecord> | null)?.requestContext;
  if (typeof context !== 'object' || context === null || typeof context.requestId !== 'string') return undefined;
  return parsed as AsyncFailureRecord;
}
