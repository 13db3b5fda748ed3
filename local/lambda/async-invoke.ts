import { randomUUID } from 'node:crypto';
import type { AsyncFailureCondition, AsyncFailureRecord, UnfinishedEvent } from '../../formats/async-failure.ts';
import { newTraceRoot } from '../aws-ids.ts';
import type { FailureDestination } from './async-destination.ts';
import { asyncInvokeSettings, functionErrorRetryDelayMs, throttleBackoffMs, type AsyncInvokeSettings } from './async-settings.ts';
import type { InvocationOutcome, Invoker } from './invocation.ts';
import { continueChain, defaultRecursiveLoop, stopsRecursion, type RecursiveLoop } from './recursion.ts';
import type { RuntimeError } from './runtime-errors.ts';

export interface AsyncFunction {
  /** The function's name in functions.config.ts, as the Invoker knows it. */
  name: string;
  /** Its unqualified ARN, as its environments are given it; failure records add `:$LATEST`. */
  functionArn: string;
  /** Its event invoke configuration; Lambda's defaults where unset. */
  settings?: Partial<AsyncInvokeSettings>;
  /** Its recursive loop detection (PutFunctionRecursionConfig); `Terminate` where unset, as on Lambda. */
  recursiveLoop?: RecursiveLoop;
}

export interface AsyncInvokerOptions {
  invoker: Invoker;
  functions: readonly AsyncFunction[];
  /** Where an event goes that fails every attempt or outlives its maximum age. */
  destination: FailureDestination;
  /** Multiplies every wait and age of Lambda's (1, the default: AWS's own times); tests shrink them. */
  timeScale?: number;
  /** Where a failure record that could not be written is reported, in one line; stderr unless told. */
  warn?: (line: string) => void;
}


interface QueuedFunction {
  name: string;
  functionArn: string;
  settings: AsyncInvokeSettings;
  recursiveLoop: RecursiveLoop;
}

interface QueuedEvent {
  requestId: string;
  fn: QueuedFunction;
  /** The same bytes for every attempt, as the Invoke call gave them. */
  payload: string;
  /** One trace for every attempt, as Lambda keeps the event's; its Lineage counts this invocation. */
  traceId: string;
  enqueuedAt: number;
  /** Attempts that reached the function. */
  invokeCount: number;
  functionErrors: number;
  /** Throttles and system errors since the last attempt that reached the function. */
  throttles: number;
  lastError: RuntimeError | undefined;
}

/** What an attempt came to: Invoke's outcomes, and the Invoker failing (Lambda's 500-series). */
type AttemptOutcome = InvocationOutcome | { kind: 'system-error' };

/**
 * Lambda's asynchronous invocation (InvocationType `Event`) over an Invoker: `enqueue` answers at
 * once, as Invoke's 202 does, and a queue per function runs each event. A function error (what
 * the code throws, a crash, a timeout) gets `maximumRetryAttempts` more attempts, 1 minute and
 * then 2 minutes later; a throttle or a failure of the service itself puts the event back with a
 * backoff from 1 s to 5 minutes, not counted as an attempt. An event that has failed every attempt,
 * or is still queued at `maximumEventAgeSeconds`, goes to the on-failure destination. Each event
 * ends in a response or a failure record, or, if the invoker is stopped first, in what `stop`
 * returns; until then its timers hold the process open, as a queue that still has work should.
 * An event whose chain of requests has already invoked its function `recursionLimit` times goes
 * to the on-failure destination without an attempt, unless the function allows recursive loops.
 * Lambda's own duplicate deliveries (at least once) are not played: each event runs once at a time.
 */
export class AsyncInvoker {
  private readonly functions = new Map<string, QueuedFunction>();
  private readonly timeScale: number;
  /** Events waiting for their next attempt (or their expiry), each with its one timer. */
  private readonly waiting = new Map<QueuedEvent, NodeJS.Timeout>();
  private readonly inFlight = new Set<QueuedEvent>();
  private readonly unfinished: QueuedEvent[] = [];
  /** CloudWatch's RecursiveInvocationsDropped, per function. */
  private readonly recursionDrops = new Map<string, number>();
  private idleWaiters: Array<() => void> = [];
  private stopped = false;

  constructor(private readonly options: AsyncInvokerOptions) {
    const timeScale = options.timeScale ?? 1;
    if (!Number.isFinite(timeScale) || timeScale <= 0) throw new Error(`invalid timeScale: expected a number above 0, got ${timeScale}`);
    this.timeScale = timeScale;
    for (const { name, functionArn, settings, recursiveLoop = defaultRecursiveLoop } of options.functions) {
      this.functions.set(name, { name, functionArn, settings: asyncInvokeSettings(name, settings), recursiveLoop });
      this.recursionDrops.set(name, 0);
    }
  }

  /**
   * Queues one event and answers with its request id before anything runs. `traceId` is the
   * trace header the event came with (S3's, from the write that caused it), whose chain the
   * invocation continues; without one the event starts a trace of its own. Throws, as Invoke
   * refuses the request, for an unknown function, a payload that is not JSON, or once stopped.
   */
  enqueue(functionName: string, payload: string, { traceId }: { traceId?: string | undefined } = {}): { requestId: string } {
    if (this.stopped) throw new Error(`the asynchronous invoker is stopped: cannot queue an event for '${functionName}'`);
    const fn = this.functions.get(functionName);
    if (!fn) throw new Error(`no function named '${functionName}'`);
    try {
      JSON.parse(payload);
    } catch {
      throw new Error(`the event for '${functionName}' is not JSON: Lambda could not parse the request body into json`);
    }
    const enqueuedAt = Date.now();
    const chained = continueChain(traceId ?? `Root=${newTraceRoot(enqueuedAt)};Sampled=0`, fn.functionArn);
    const event: QueuedEvent = {
      requestId: randomUUID(),
      fn,
      payload,
      traceId: chained.traceId,
      enqueuedAt,
      invokeCount: 0,
      functionErrors: 0,
      throttles: 0,
      lastError: undefined,
    };
    if (stopsRecursion(chained.earlierInvocations, fn.recursiveLoop)) this.dropRecursive(event);
    else this.schedule(event, 0);
    return { requestId: event.requestId };
  }

  /** How many events of each function were stopped as a recursive loop: CloudWatch's RecursiveInvocationsDropped. */
  recursiveInvocationsDropped(): Record<string, number> {
    return Object.fromEntries(this.recursionDrops);
  }

  /** Resolves once no event is queued, waiting for a retry or running. */
  idle(): Promise<void> {
    if (this.pending() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Takes no more events and starts no more attempts; the running ones end as they would (a
   * response, or a failure record if it was the last attempt). Leaves no timer behind, and
   * resolves with every event that had not finished, oldest first, so none is lost unsaid.
   */
  async stop(): Promise<UnfinishedEvent[]> {
    this.stopped = true;
    for (const [event, timer] of this.waiting) {
      clearTimeout(timer);
      this.unfinished.push(event);
    }
    this.waiting.clear();
    await this.idle();
    return this.unfinished
      .sort((a, b) => a.enqueuedAt - b.enqueuedAt)
      .map(({ requestId, fn, payload, enqueuedAt, invokeCount }) => ({ requestId, functionName: fn.name, payload, enqueuedAt, approximateInvokeCount: invokeCount }));
  }

  /** The next attempt in `delayMs` of Lambda's time, unless the event's age runs out first. */
  private schedule(event: QueuedEvent, delayMs: number): void {
    if (this.stopped) {
      this.unfinished.push(event);
      return this.finished();
    }
    const expiresInMs = event.enqueuedAt + event.fn.settings.maximumEventAgeSeconds * 1000 * this.timeScale - Date.now();
    const waitMs = delayMs * this.timeScale;
    const timer =
      waitMs < expiresInMs
        ? setTimeout(() => void this.attempt(event), waitMs)
        : setTimeout(() => this.giveUp(event, 'EventAgeExceeded'), Math.max(expiresInMs, 0));
    this.waiting.set(event, timer);
  }

  private async attempt(event: QueuedEvent): Promise<void> {
    this.waiting.delete(event);
    this.inFlight.add(event);
    const outcome = await this.invokeOnce(event);
    this.inFlight.delete(event);
    switch (outcome.kind) {
      case 'response':
        event.invokeCount += 1;
        return this.finished();
      case 'function-error':
      case 'timeout':
        event.invokeCount += 1;
        event.functionErrors += 1;
        event.throttles = 0;
        event.lastError = reportedError(outcome);
        if (event.functionErrors > event.fn.settings.maximumRetryAttempts) return this.giveUp(event, 'RetriesExhausted');
        return this.schedule(event, functionErrorRetryDelayMs(event.functionErrors));
      case 'throttled':
      case 'system-error':
        event.throttles += 1;
        return this.schedule(event, throttleBackoffMs(event.throttles));
    }
  }

  private async invokeOnce({ fn, payload, traceId, requestId }: QueuedEvent): Promise<AttemptOutcome> {
    try {
      return await this.options.invoker.invoke({ functionName: fn.name, payload, traceId, requestId });
    } catch {
      return { kind: 'system-error' };
    }
  }

  /** Lambda counts the drop as it stops the invocation, whether or not the record can be written. */
  private dropRecursive(event: QueuedEvent): void {
    this.recursionDrops.set(event.fn.name, (this.recursionDrops.get(event.fn.name) ?? 0) + 1);
    this.giveUp(event, 'RecursiveInvocationDropped');
  }

  private giveUp(event: QueuedEvent, condition: AsyncFailureCondition): void {
    this.waiting.delete(event);
    try {
      this.options.destination.send(failureRecord(event, condition));
    } catch (error) {
      // A full disk or a removed log folder: the event is kept for `stop` to return, not lost.
      (this.options.warn ?? console.error)(`async invoke: the failure record of ${event.requestId} (${event.fn.name}, ${condition}) could not be written: ${(error as Error).message}`);
      this.unfinished.push(event);
    }
    this.finished();
  }

  private finished(): void {
    if (this.pending() > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Events queued, running, or waiting for a retry. */
  pending(): number {
    return this.waiting.size + this.inFlight.size;
  }
}

/** The error as an asynchronous invocation's response payload has it; a timeout as Lambda's Invoke reports one. */
function reportedError(outcome: Extract<InvocationOutcome, { kind: 'function-error' | 'timeout' }>): RuntimeError {
  if (outcome.kind === 'function-error') return { errorType: outcome.errorType, errorMessage: outcome.errorMessage };
  return { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${outcome.requestId} Error: Task timed out after ${outcome.timeoutSeconds.toFixed(2)} seconds` };
}

function failureRecord(event: QueuedEvent, condition: AsyncFailureCondition): AsyncFailureRecord {
  const record: AsyncFailureRecord = {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: { requestId: event.requestId, functionArn: `${event.fn.functionArn}:$LATEST`, condition, approximateInvokeCount: event.invokeCount },
    requestPayload: JSON.parse(event.payload),
  };
  if (event.lastError) {
    record.responseContext = { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' };
    record.responsePayload = event.lastError;
  }
  return record;
}
