/**
 * The bucket's notifications to the thumbnailers, as the stack configures them on AWS: one rule per
 * thumbnailer, every `ObjectCreated` event under its upload prefix, delivered to Lambda's
 * asynchronous queue. Nothing watches `thumbnails/`, so no thumbnail starts a function.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ThumbnailerDeclaration } from '../../functions.config.ts';
import { asyncUnfinishedFile } from '../../formats/async-failure.ts';
import { FailureFile } from '../lambda/async-destination.ts';
import { AsyncInvoker } from '../lambda/async-invoke.ts';
import type { Invoker } from '../lambda/invocation.ts';
import { startS3Notifications, type S3Notifications } from './s3-notifications.ts';
import type { NotificationRule } from './s3-rules.ts';

/** The stack's rule for a thumbnailer, by the same Id, prefix and event family. */
export function notificationRule(fn: ThumbnailerDeclaration): NotificationRule<string> {
  return { id: `${fn.name}-uploads`, prefix: fn.uploadPrefix, events: ['ObjectCreated:*'], target: fn.name };
}

export interface LambdaNotifications {
  /** versitygw's `--event-webhook-url`. */
  url: string;
  notifications: S3Notifications;
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
  const notifications = await startS3Notifications({
    rules: thumbnailers.map(notificationRule),
    deliver: (functionName, event) => {
      if (!queue) throw new Error('the Lambda service is not connected yet');
      queue.enqueue(functionName, JSON.stringify(event));
    },
    warn,
  });
  let stopped: Promise<number> | undefined;
  return {
    url: notifications.url,
    notifications,
    connect(lambda, functionArn) {
      queue = new AsyncInvoker({
        invoker: lambda,
        functions: thumbnailers.map((fn) => ({ name: fn.name, functionArn: functionArn(fn), settings: fn.asyncInvoke })),
        destination: new FailureFile(logDir),
        warn,
      });
      return queue;
    },
    stop: () =>
      (stopped ??= (async () => {
        await notifications.stop();
        const unfinished = (await queue?.stop()) ?? [];
        if (unfinished.length === 0) return 0;
        const file = path.join(logDir, asyncUnfinishedFile.name);
        await writeFile(file, unfinished.map((event) => `${JSON.stringify(event)}\n`).join(''));
        warn(`stand-in: ${unfinished.length} S3 event(s) had not finished when Lambda stopped; they are in ${file}`);
        return unfinished.length;
      })()),
  };
}
