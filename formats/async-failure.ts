/**
 * The on-failure record: what Lambda sends to an asynchronous invocation's on-failure destination
 * when an event has failed every attempt or grown older than its maximum age, in the format of
 * AWS's example (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html, "Example
 * invocation record"). On AWS it is the `Message` of an SQS or SNS destination; the stand-in
 * writes one JSON line per record in a run's `lambda/async-failures.jsonl`, in the same shape,
 * so whatever reads them later reads both alike. Types and constants only.
 */

/**
 * Why the event was given up: all attempts failed, it was queued past its maximum age, or Lambda
 * stopped it as the next invocation of a recursive loop
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html). AWS's example shows
 * only `RetriesExhausted`; `EventAgeExceeded` is the name third-party typings of these records
 * and other emulators give the second case, not yet seen in AWS's own text. AWS documents that a
 * stopped recursive event goes to the destination but not its condition: `RecursiveInvocationDropped`
 * is the stand-in's name, after the metric that counts those events.
 */
export type AsyncFailureCondition = 'RetriesExhausted' | 'EventAgeExceeded' | 'RecursiveInvocationDropped';

export interface AsyncFailureRecord {
  version: '1.0';
  /** When the event was given up, ISO 8601 with milliseconds. */
  timestamp: string;
  requestContext: {
    /** The request id the asynchronous Invoke answered with (its 202). */
    requestId: string;
    /** The function's ARN with its version, `arn:aws:lambda:…:function:<name>:$LATEST`. */
    functionArn: string;
    condition: AsyncFailureCondition;
    /** How many attempts reached the function; throttled ones did not. */
    approximateInvokeCount: number;
  };
  /** The original event, parsed. */
  requestPayload: unknown;
  /**
   * The last attempt's answer, where one reached the function. An event that expired or was
   * stopped as recursive before any did has neither this nor `responsePayload`: AWS documents
   * none for those cases.
   */
  responseContext?: {
    /** The Invoke API's status: 200, also for a function error. */
    statusCode: number;
    executedVersion: '$LATEST';
    /** Lambda's X-Amz-Function-Error: `Unhandled` for every error a runtime reports. */
    functionError: 'Unhandled';
  };
  /** The last error, as the runtime reported it. */
  responsePayload?: { errorType: string; errorMessage: string };
}

/** Where a run keeps them: `lambda/async-failures.jsonl`, beside the REPORT records. */
export const asyncFailuresFile = { dir: 'lambda', name: 'async-failures.jsonl' } as const;

/**
 * An event the stand-in's queue still held when it was stopped: queued, or waiting for a retry.
 * One JSON line each in `lambda/async-unfinished.jsonl`; AWS has no such file, as its queue does
 * not stop with a run.
 */
export interface UnfinishedEvent {
  requestId: string;
  functionName: string;
  payload: string;
  /** When it was enqueued, ms since the epoch. */
  enqueuedAt: number;
  approximateInvokeCount: number;
}

export const asyncUnfinishedFile = { dir: 'lambda', name: 'async-unfinished.jsonl' } as const;
