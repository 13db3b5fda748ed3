import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asyncFailuresFile, type AsyncFailureRecord } from '../../formats/async-failure.ts';
import { functions, storage, type FunctionDeclaration } from '../../functions.config.ts';
import { repoRoot } from '../../toolchain/paths.ts';
import { bundleNodeRuntime } from '../node-runtime/bundle.ts';
import { testFunctionDir, type TestFunction } from '../testing/test-functions.ts';
import { FailureFile } from './async-destination.ts';
import { AsyncInvoker } from './async-invoke.ts';
import type { AsyncInvokeSettings } from './async-settings.ts';
import type { InvocationOutcome, InvocationRequest, Invoker } from './invocation.ts';
import { RunLog } from './run-log.ts';
import { LambdaService } from './service.ts';

const region = 'eu-west-1';
const accountId = '000000000000';
const arnOf = (name: string) => `arn:aws:lambda:${region}:${accountId}:function:${name}`;

/** The Node contender's declaration, at 128 MB, running a small function from local/testing/functions. */
function declared(name: string, code: TestFunction, overrides: Partial<FunctionDeclaration>): FunctionDeclaration {
  const { node } = functions;
  return { ...node, name, code: { ...node.code, bundleDir: testFunctionDir(code) }, memoryMb: 128, timeoutSeconds: 3, reservedConcurrency: 5, usesStorage: false, ...overrides };
}

const testFunctions = [
  declared('flaky', 'flaky', {}),
  declared('sleep-1s', 'sleep', { timeoutSeconds: 1 }),
  declared('single', 'sleep', { timeoutSeconds: 5, reservedConcurrency: 1 }),
];

/** Every attempt the invoker made, with what came of it. */
interface Attempt {
  request: InvocationRequest;
  outcome: InvocationOutcome;
  at: number;
}

function recording(invoker: Invoker): { invoker: Invoker; attempts: Attempt[] } {
  const attempts: Attempt[] = [];
  return {
    attempts,
    invoker: {
      async invoke(request) {
        const outcome = await invoker.invoke(request);
        attempts.push({ request, outcome, at: Date.now() });
        return outcome;
      },
    },
  };
}

function failureRecords(dir: string): AsyncFailureRecord[] {
  const file = path.join(dir, asyncFailuresFile.name);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as AsyncFailureRecord);
}

/** The start time of each attempt the flaky function logged in its file. */
function attemptTimes(file: string): number[] {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map(Number) : [];
}

describe('asynchronous invocation against real runtimes', () => {
  let scratch: string;
  let log: RunLog;
  let service: LambdaService;
  let count = 0;

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'async-invoke-'));
    const nodeRuntimeFile = await bundleNodeRuntime(path.join(scratch, 'node-runtime.mjs'));
    log = new RunLog(path.join(scratch, 'log'));
    service = new LambdaService({
      functions: testFunctions,
      log,
      accountId,
      idleTimeoutMs: 60_000,
      launch: { region, awsEnv: {}, storageNames: storage, nodeRuntimeFile },
    });
  });
  afterAll(async () => {
    await service?.stop();
    await log?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** An invoker over the service whose failures go to a folder of its own. */
  function asyncInvoker(timeScale: number, settings: Partial<AsyncInvokeSettings> = {}) {
    const destinationDir = path.join(scratch, `destination-${(count += 1)}`);
    const { invoker, attempts } = recording(service);
    const functions = testFunctions.map(({ name }) => ({ name, functionArn: arnOf(name), settings }));
    const async = new AsyncInvoker({ invoker, functions, destination: new FailureFile(destinationDir), timeScale });
    return { async, attempts, failures: () => failureRecords(destinationDir) };
  }

  const flakyEvent = (failures: number) => ({ attemptsFile: path.join(scratch, `attempts-${(count += 1)}`), failures });

  it('tries an event that keeps failing three times, 1 and then 2 minutes apart, then records RetriesExhausted once', async () => {
    // Given Lambda's default retries, at 1/500 of its time: waits of 120 and 240 ms
    const { async, attempts, failures } = asyncInvoker(1 / 500);
    const event = flakyEvent(99);

    // When an event for a function that always fails is queued
    const payload = JSON.stringify(event);
    const { requestId } = async.enqueue('flaky', payload);
    await async.idle();

    // Then it was attempted three times, the waits between them as scaled
    const [first, second, third] = attemptTimes(event.attemptsFile);
    expect(attemptTimes(event.attemptsFile)).toHaveLength(3);
    expect(second! - first!).toBeGreaterThanOrEqual(120);
    expect(second! - first!).toBeLessThan(120 + 1_500);
    expect(third! - second!).toBeGreaterThanOrEqual(240);
    expect(third! - second!).toBeLessThan(240 + 1_500);
    // with the same bytes, the same request id (the runtime's, as Lambda keeps it) and the same trace each time
    expect(new Set(attempts.map(({ request }) => request.payload))).toEqual(new Set([payload]));
    expect(attempts.map(({ outcome }) => (outcome.kind === 'throttled' ? undefined : outcome.requestId))).toEqual([requestId, requestId, requestId]);
    expect(new Set(attempts.map(({ request }) => request.traceId)).size).toBe(1);
    expect(attempts[0]!.request.traceId).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Sampled=0;Lineage=[0-9a-f]{8}:0$/);

    // And one record says so, in AWS's format, with the last error
    expect(failures()).toEqual([
      {
        version: '1.0',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        requestContext: { requestId, functionArn: `${arnOf('flaky')}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 3 },
        requestPayload: event,
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        responsePayload: { errorType: 'FlakyError', errorMessage: 'attempt 3 of 99 to fail' },
      },
    ]);
  });

  it('tries once with maximumRetryAttempts 0', async () => {
    // Given no retries
    const { async, failures } = asyncInvoker(1 / 500, { maximumRetryAttempts: 0 });
    const event = flakyEvent(99);

    // When a failing event is queued
    async.enqueue('flaky', JSON.stringify(event));
    await async.idle();

    // Then one attempt, one record
    expect(attemptTimes(event.attemptsFile)).toHaveLength(1);
    expect(failures().map(({ requestContext }) => requestContext)).toMatchObject([{ condition: 'RetriesExhausted', approximateInvokeCount: 1 }]);
  });

  it('keeps an event whose failure record cannot be written, says so in one line, and serves on', async () => {
    // Given a destination that cannot write (a full disk, say) and no retries
    const warnings: string[] = [];
    const functions = testFunctions.map(({ name }) => ({ name, functionArn: arnOf(name), settings: { maximumRetryAttempts: 0 } }));
    const destination = {
      send() {
        throw new Error('ENOSPC: no space left on device');
      },
    };
    const async = new AsyncInvoker({ invoker: service, functions, destination, timeScale: 1 / 500, warn: (line) => warnings.push(line) });

    // When a failing event and then a good one are queued
    const { requestId } = async.enqueue('flaky', JSON.stringify(flakyEvent(99)));
    await async.idle();
    const good = flakyEvent(0);
    async.enqueue('flaky', JSON.stringify(good));
    await async.idle();

    // Then the loss is one line, the next event still ran, and stop gives the failed one back
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^async invoke: the failure record of ${requestId} \\(flaky, RetriesExhausted\\) could not be written: ENOSPC`))]);
    expect(attemptTimes(good.attemptsFile)).toHaveLength(1);
    expect((await async.stop()).map((event) => event.requestId)).toEqual([requestId]);
  });

  it('leaves no record for an event that fails once and then succeeds', async () => {
    // Given a function that fails the event's first attempt only
    const { async, attempts, failures } = asyncInvoker(1 / 500);
    const event = flakyEvent(1);

    // When the event is queued
    async.enqueue('flaky', JSON.stringify(event));
    await async.idle();

    // Then the retry succeeded, and nothing went to the destination
    expect(attemptTimes(event.attemptsFile)).toHaveLength(2);
    expect(attempts.map(({ outcome }) => outcome.kind)).toEqual(['function-error', 'response']);
    expect(failures()).toEqual([]);
  });

  it('counts a timeout as a function error, and records it as Lambda reports one', async () => {
    // Given one retry, and a function that sleeps past its 1 s timeout
    const { async, attempts, failures } = asyncInvoker(1 / 500, { maximumRetryAttempts: 1 });

    // When its event is queued
    async.enqueue('sleep-1s', JSON.stringify({ body: JSON.stringify({ ms: 3_000 }) }));
    await async.idle();

    // Then both attempts timed out, and the record carries the timeout
    expect(attempts.map(({ outcome }) => outcome.kind)).toEqual(['timeout', 'timeout']);
    const [record] = failures();
    expect(record?.requestContext).toMatchObject({ condition: 'RetriesExhausted', approximateInvokeCount: 2 });
    expect(record?.responsePayload).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${attempts[1]!.outcome.kind === 'timeout' ? attempts[1]!.outcome.requestId : ''} Error: Task timed out after 1.00 seconds`,
    });
  }, 10_000);

  it('runs a burst for a function of reserved concurrency 1 to the end: throttles go back to the queue, not to failure', async () => {
    // Given a function with one environment at most, and Lambda's backoff at 1/100 (10 ms first)
    const { async, attempts, failures } = asyncInvoker(1 / 100);

    // When six events of 150 ms each arrive at once
    for (let i = 0; i < 6; i += 1) async.enqueue('single', JSON.stringify({ body: JSON.stringify({ ms: 150 }) }));
    await async.idle();

    // Then all six ran, one at a time, after throttles, and none failed
    const kinds = attempts.map(({ outcome }) => outcome.kind);
    expect(kinds.filter((kind) => kind === 'response')).toHaveLength(6);
    expect(kinds.filter((kind) => kind === 'throttled').length).toBeGreaterThan(0);
    expect(kinds.filter((kind) => kind !== 'response' && kind !== 'throttled')).toEqual([]);
    const ends = attempts.filter(({ outcome }) => outcome.kind === 'response').map(({ at }) => at);
    expect(ends.slice(1).map((end, i) => end - ends[i]!).every((gap) => gap >= 140)).toBe(true);
    expect(failures()).toEqual([]);
  }, 20_000);

  it('gives up an event whose next retry would come after its maximum age: EventAgeExceeded, with the last error', async () => {
    // Given a maximum age of 60 s and the 60 s wait before a retry, both at 1/200 (300 ms)
    const { async, failures } = asyncInvoker(1 / 200, { maximumEventAgeSeconds: 60 });
    const event = flakyEvent(99);

    // When a failing event is queued
    const startedAt = Date.now();
    async.enqueue('flaky', JSON.stringify(event));
    await async.idle();

    // Then it had one attempt, and was given up at its age, before the retry was due
    expect(attemptTimes(event.attemptsFile)).toHaveLength(1);
    const [record] = failures();
    expect(record?.requestContext).toMatchObject({ condition: 'EventAgeExceeded', approximateInvokeCount: 1 });
    expect(record?.responsePayload).toMatchObject({ errorType: 'FlakyError' });
    expect(Date.parse(record!.timestamp) - startedAt).toBeGreaterThanOrEqual(300 - 1);
  });

  it('gives up an event throttled until its maximum age without a response, as it never reached the function', async () => {
    // Given the only environment busy for 1.5 s, and a maximum age of 60 s at 1/200 (300 ms)
    const { async, attempts, failures } = asyncInvoker(1 / 200, { maximumEventAgeSeconds: 60 });
    async.enqueue('single', JSON.stringify({ body: JSON.stringify({ ms: 1_500 }) }));

    // When a second event arrives meanwhile
    const { requestId } = async.enqueue('single', JSON.stringify({ body: JSON.stringify({ ms: 1 }) }));
    await async.idle();

    // Then the first ran, and the second was given up at its age, never invoked
    expect(attempts.filter(({ outcome }) => outcome.kind === 'response')).toHaveLength(1);
    const [record] = failures();
    expect(record?.requestContext).toMatchObject({ requestId, condition: 'EventAgeExceeded', approximateInvokeCount: 0 });
    expect(record).not.toHaveProperty('responseContext');
    expect(record).not.toHaveProperty('responsePayload');
  }, 10_000);

  it('answers enqueue before the function runs', async () => {
    // Given an invoker
    const { async, attempts } = asyncInvoker(1 / 500);
    const event = flakyEvent(0);

    // When an event is queued
    const { requestId } = async.enqueue('flaky', JSON.stringify(event));

    // Then the answer is there and the function has not run yet; it does soon after
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(attempts).toHaveLength(0);
    expect(existsSync(event.attemptsFile)).toBe(false);
    await async.idle();
    expect(attemptTimes(event.attemptsFile)).toHaveLength(1);
  });

  it('says on stop what was still waiting, records nothing for it, and takes no more events', async () => {
    // Given an event waiting for its retry, a minute away in AWS's own time
    const { async, failures } = asyncInvoker(1);
    const event = flakyEvent(99);
    const { requestId } = async.enqueue('flaky', JSON.stringify(event));
    while (attemptTimes(event.attemptsFile).length === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    // When the invoker stops
    const unfinished = await async.stop();

    // Then that event is named, with its one attempt, and no record was made for it
    expect(unfinished).toEqual([{ requestId, functionName: 'flaky', payload: JSON.stringify(event), enqueuedAt: expect.any(Number), approximateInvokeCount: 1 }]);
    expect(failures()).toEqual([]);
    expect(() => async.enqueue('flaky', '{}')).toThrow(/stopped/);
  });

  it('refuses an unknown function and a payload that is not JSON, in one line', () => {
    const { async } = asyncInvoker(1);
    expect(() => async.enqueue('nowhere', '{}')).toThrow("no function named 'nowhere'");
    expect(() => async.enqueue('flaky', 'not json')).toThrow(/^the event for 'flaky' is not JSON/);
  });
});

describe('a stopped asynchronous invoker', () => {
  it('leaves no timer behind: the process exits by itself, with the queued events said', async () => {
    // Given a process whose invoker has events waiting on a throttled function and on a retry
    const dir = mkdtempSync(path.join(os.tmpdir(), 'async-invoke-stop-'));
    const script = path.join(dir, 'stop.ts');
    const module = (file: string) => JSON.stringify(pathToFileURL(path.join(repoRoot, 'local', 'lambda', file)).href);
    writeFileSync(
      script,
      `import { AsyncInvoker } from ${module('async-invoke.ts')};
      let calls = 0;
      const invoker = { invoke: async () => (calls++ === 0 ? { kind: 'function-error', requestId: 'r', errorType: 'E', errorMessage: 'm', coldStart: true } : { kind: 'throttled' }) };
      const async = new AsyncInvoker({ invoker, functions: [{ name: 'f', functionArn: 'arn:aws:lambda:eu-west-1:0:function:f' }], destination: { send() {} } });
      async.enqueue('f', '{"n":1}');
      async.enqueue('f', '{"n":2}');
      setTimeout(async () => console.log(JSON.stringify(await async.stop())), 100);`,
    );

    // When it stops its invoker and has nothing else to do
    const started = Date.now();
    const { stdout } = await promisify(execFile)(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), [script], { timeout: 10_000 });
    rmSync(dir, { recursive: true, force: true });

    // Then it exited on its own, long before the minute's retry or the throttle's backoff would be due
    expect(Date.now() - started).toBeLessThan(10_000);
    const unfinished = JSON.parse(stdout) as Array<{ payload: string; approximateInvokeCount: number }>;
    expect(unfinished.map(({ payload, approximateInvokeCount }) => [payload, approximateInvokeCount]).sort()).toEqual([
      ['{"n":1}', 1],
      ['{"n":2}', 0],
    ]);
  }, 15_000);
});
