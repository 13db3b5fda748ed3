/**
 * The bucket's notifications to the thumbnailers, as the stack configures them on AWS: one rule per
 * thumbnailer, every `ObjectCreated` event under its upload prefix, delivered to Lambda's
 * asynchronous queue. Nothing watches `thumbnails/`, so no thumbnail starts a function. The
 * functions' S3 calls go through the trace proxy, so an event continues the trace of the write
 * that caused it, and Lambda's recursive loop detection stops a function that keeps invoking
 * itself through the bucket.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ThumbnailerDeclaration } from '../../functions.config.ts';
import { asyncUnfinishedFile } from '../../formats/async-failure.ts';
import { FailureFile } from '../lambda/async-destination.ts';
import { AsyncInvoker } from '../lambda/async-invoke.ts';
import type { Invoker } from '../lambda/invocation.ts';
import type { LocalStorage } from '../storage/index.ts';
import { awsVariables } from '../storage/variables.ts';
import { startS3Notifications, type S3Notifications } from './s3-notifications.ts';
import type { NotificationRule } from './s3-rules.ts';
import { startS3TraceProxy, type S3TraceProxy } from './s3-trace-proxy.ts';
import { WriteTraces } from './write-traces.ts';

/** The stack's rule for a thumbnailer, by the same Id, prefix and event family. */
export function notificationRule(fn: ThumbnailerDeclaration): NotificationRule<string> {
  return { id: `${fn.name}-uploads`, prefix: fn.uploadPrefix, events: ['ObjectCreated:*'], target: fn.name };
}

export interface LambdaNotifications {
  /** versitygw's `--event-webhook-url`. */
  url: string;
  notifications: S3Notifications;
  /**
   * Starts the trace proxy in front of the storage's S3, once it is up, and answers the storage
   * variables the functions get: the storage's own, their S3 endpoint the proxy's.
   */
  proxyFunctionsS3(storage: LocalStorage): Promise<Record<string, string>>;
  /** Set once the Lambda service exists: events that arrive before then cannot, as versitygw is not up. */
  connect(lambda: Invoker, functionArn: (fn: ThumbnailerDeclaration) => string): AsyncInvoker;
  /**
   * Stops taking events, lets the running attempts end and writes every event that had not
   * finished to `<logDir>/async-unfinished.jsonl`, so a stopped run loses none unsaid.
   */
  stop(): Promise<number>;
}

export async function startLambdaNotifications(
  thumbnailers: readonly ThumbnailerDeclaration[],
  logDir: string,
  warn: (line: string) => void,
): Promise<LambdaNotifications> {
  let queue: AsyncInvoker | undefined;
  let proxy: S3TraceProxy | undefined;
  const writeTraces = new WriteTraces();
  const notifications = await startS3Notifications({
    rules: thumbnailers.map(notificationRule),
    deliver: (functionName, event, traceHeader) => {
      if (!queue) throw new Error('the Lambda service is not connected yet');
      queue.enqueue(functionName, JSON.stringify(event), { traceId: traceHeader });
    },
    writeTraces,
    warn,
  });
  let stopped: Promise<number> | undefined;
  return {
    url: notifications.url,
    notifications,
    async proxyFunctionsS3(storage) {
      proxy = await startS3TraceProxy(storage.s3Endpoint, writeTraces);
      return { ...storage.env, [awsVariables.s3Endpoint]: proxy.url };
    },
    connect(lambda, functionArn) {
      queue = new AsyncInvoker({
        invoker: lambda,
        functions: thumbnailers.map((fn) => ({ name: fn.name, functionArn: functionArn(fn), settings: fn.asyncInvoke, ...(fn.recursiveLoop ? { recursiveLoop: fn.recursiveLoop } : {}) })),
        destination: new FailureFile(logDir),
        warn,
      });
      return queue;
    },
    stop: () =>
      (stopped ??= (async () => {
        await notifications.stop();
        const unfinished = (await queue?.stop()) ?? [];
        // No attempt runs now, so no function is in the middle of a call through the proxy.
        await proxy?.stop();
        if (unfinished.length === 0) return 0;
        const file = path.join(logDir, asyncUnfinishedFile.name);
        await writeFile(file, unfinished.map((event) => `${JSON.stringify(event)}\n`).join(''));
        warn(`stand-in: ${unfinished.length} S3 event(s) had not finished when Lambda stopped; they are in ${file}`);
        return unfinished.length;
      })()),
  };
}
