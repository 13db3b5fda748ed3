/**
 * S3 event notifications, locally: the HTTP receiver versitygw's webhook (`--event-webhook-url`)
 * POSTs each event to, which does what S3 does between a request and Lambda. It rewrites each
 * record into AWS's shape, matches it against the bucket's notification rules (versitygw has no
 * per-bucket configuration and no key filter) and hands one event per matching rule, one record
 * each, to `deliver`. A record no rule matches goes nowhere, which is how a thumbnail written under
 * `thumbnails/` never triggers anything. A write that came through the trace proxy
 * (`s3-trace-proxy.ts`) gives its event the X-Amzn-Trace-Id it was sent under, as S3 carries the
 * writer's trace into the events it sends.
 *
 * Start it before versitygw: versitygw POSTs a test event at startup and exits if nothing listens.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { S3Event, S3EventName } from '../../formats/s3-event.ts';
import { listenOnLoopback } from './loopback-server.ts';
import { checkRules, matchingRules, type NotificationRule } from './s3-rules.ts';
import { newS3RequestIds, sequencerFor } from './s3-ids.ts';
import { awsEventName, MalformedPost, readVersitygwPost, toAwsRecord, type VersitygwRecord } from './versitygw-record.ts';
import type { WriteTraces } from './write-traces.ts';

/** versitygw sends one small record per POST; S3's own limit for a notification is 64 KB. */
const maxBodyBytes = 64 * 1024;

export interface S3NotificationOptions<Target> {
  rules: readonly NotificationRule<Target>[];
  /**
   * Called once per notification, after versitygw has its answer, with the trace header of the
   * write that caused it where one is known; a rejection goes to `warn`.
   */
  deliver: (target: Target, event: S3Event, traceHeader: string | undefined) => void | Promise<void>;
  /** The traces of the writes that came through the trace proxy; none known without it. */
  writeTraces?: Pick<WriteTraces, 'take'>;
  /** Where a malformed POST, an event S3 has no name for or a failed delivery is told. */
  warn?: (line: string) => void;
}

/** The events of the writes the trace proxy keeps a trace for: PUT requests that make an object. */
const tracedEvents: readonly S3EventName[] = ['ObjectCreated:Put', 'ObjectCreated:Copy'];

/** What the receiver has seen, for tests and for a run's reconciliation. */
export interface S3NotificationCounts {
  testEvents: number;
  /** Records read from versitygw, whether or not a rule matched them. */
  records: number;
  /** Records no rule matched: dropped, as S3 sends nothing for them. */
  unmatched: number;
  /** Notifications handed to `deliver`, whether or not it then failed. */
  delivered: number;
  malformed: number;
}

export interface S3Notifications {
  /** Pass it to versitygw as `--event-webhook-url`. */
  url: string;
  counts(): S3NotificationCounts;
  /** Closes the listener; safe to call twice. */
  stop(): Promise<void>;
}

/** Listens on a free loopback port and resolves once it accepts POSTs. */
export async function startS3Notifications<Target>(options: S3NotificationOptions<Target>): Promise<S3Notifications> {
  checkRules(options.rules);
  const warn = options.warn ?? ((line: string) => console.error(line));
  const startedAtMs = Date.now();
  const counts: S3NotificationCounts = { testEvents: 0, records: 0, unmatched: 0, delivered: 0, malformed: 0 };

  const route = (record: VersitygwRecord, receivedAt: Date): void => {
    counts.records += 1;
    const eventName = awsEventName(record);
    if (!eventName) {
      counts.unmatched += 1;
      warn(`S3 notifications: versitygw sent '${record.eventName}', which S3 has no event type for; dropped`);
      return;
    }
    const { bucket, object } = record.s3;
    // Taken for every write, matched or not, so none is kept for an event that has come.
    const traceHeader = tracedEvents.includes(eventName) ? options.writeTraces?.take(bucket.name, object.key) : undefined;
    const rules = matchingRules(options.rules, eventName, object.key);
    if (rules.length === 0) counts.unmatched += 1;
    // One S3 request: the same ids and sequencer in every notification it causes.
    const requestIds = newS3RequestIds();
    const sequencer = sequencerFor(startedAtMs, object.sequencer);
    for (const rule of rules) {
      const event = {
        Records: [toAwsRecord(record, eventName, { configurationId: rule.id, eventTime: receivedAt, requestIds, sequencer })],
      };
      counts.delivered += 1;
      Promise.resolve()
        .then(() => options.deliver(rule.target, event, traceHeader))
        .catch((error: unknown) => warn(`S3 notifications: delivering to rule '${rule.id}' failed: ${String(error)}`));
    }
  };

  const server = createServer((request, response) => {
    const receivedAt = new Date();
    readJson(request)
      .then((body) => {
        const post = readVersitygwPost(body);
        answer(response, 204);
        if (post.kind === 'test') counts.testEvents += 1;
        else for (const record of post.records) route(record, receivedAt);
      })
      .catch((error: unknown) => {
        counts.malformed += 1;
        answer(response, 400);
        warn(`S3 notifications: a POST was refused: ${error instanceof Error ? error.message : String(error)}`);
      });
  });
  const { port, stop } = await listenOnLoopback(server);
  return { url: `http://127.0.0.1:${port}/s3-events`, counts: () => ({ ...counts }), stop };
}

/** No body: versitygw's client never reads or closes one, and with none it can reuse the connection. */
function answer(response: ServerResponse, status: number): void {
  if (response.headersSent) return;
  response.statusCode = status;
  response.end();
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  if (request.method !== 'POST') throw new MalformedPost(`${request.method} ${request.url}: the webhook takes POST only`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new MalformedPost(`the body is over ${maxBodyBytes} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new MalformedPost('the body is not JSON');
  }
}
