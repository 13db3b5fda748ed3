import { describe, expect, it } from 'vitest';
import { useBundledRuntime } from '../testing/bundled-runtime.ts';
import { testFunctionDir as testFunction } from '../testing/test-functions.ts';

const fixtures = testFunction('handlers');

describe('Node runtime client: failing invocations', () => {
  const runtime = useBundledRuntime();

  const start = (taskRoot: string, handler: string) => runtime.start(taskRoot, handler);

  it('posts a thrown error to the error route, typed by its body, and keeps serving', async () => {
    // Given a function whose handler throws a TeapotError
    const throwing = await start(testFunction('throw'), 'index.handler');

    // When it is invoked twice
    const first = await throwing.invoke({});
    const second = await throwing.invoke({});

    // Then both fail on the error route with the error's name, message and stack
    expect(first.route).toBe('error');
    const body = JSON.parse(first.report.body) as { errorType: string; errorMessage: string; trace: string[] };
    expect(body.errorType).toBe('TeapotError');
    expect(body.errorMessage).toBe('thrown on purpose');
    expect(body.trace[0]).toBe('TeapotError: thrown on purpose');
    expect(body.trace.length).toBeGreaterThan(1);
    expect(second.route).toBe('error');
    // And, as the real client posts invocation errors, without an error-type header
    expect(first.report.errorType).toBeUndefined();
  });

  it('fails an invocation whose response is over the 6 MB limit, and keeps serving', async () => {
    // Given a handler that returns its event
    const plain = await start(fixtures, 'handlers.handlers.plain');

    // When its result is 7 MB, then small
    const tooLarge = await plain.invoke({ text: 'x'.repeat(7 * 1024 * 1024) });
    const small = await plain.invoke({ text: 'ok' });

    // Then the first fails as Lambda fails it, and the environment goes on
    expect(tooLarge.route).toBe('error');
    expect(tooLarge.report.errorType).toBe('Function.ResponseSizeTooLarge');
    expect(JSON.parse(tooLarge.report.body).errorMessage).toMatch(/^Response payload size \(7340043 bytes\) exceeded maximum allowed payload size \(6291456 bytes\)\.$/);
    expect(small).toMatchObject({ route: 'response', report: { body: '{"text":"ok"}' } });
  });

  it('logs the failure as an Invoke Error record of the invocation', async () => {
    // Given a function whose handler throws
    const throwing = await start(testFunction('throw'), 'index.handler');

    // When it is invoked
    const { requestId } = await throwing.invoke({});

    // Then the log has one ERROR record for it, with the error as JSON after a tab
    const [record] = await throwing.linesWith(`\t${requestId}\tERROR\tInvoke Error \t`, 1);
    expect(record).toBeDefined();
    expect(JSON.parse(record!.split('Invoke Error \t')[1]!)).toMatchObject({ errorType: 'TeapotError', errorMessage: 'thrown on purpose' });
  });

  it('fails an invocation whose result cannot be serialised', async () => {
    // Given a handler that returns a BigInt
    const bigint = await start(fixtures, 'handlers.handlers.bigint');

    // When it is invoked
    const { route, report } = await bigint.invoke({});

    // Then the runtime reports it could not turn the result into JSON
    expect(route).toBe('error');
    expect(JSON.parse(report.body)).toMatchObject({ errorType: 'Runtime.JSONStringifyError', errorMessage: 'Unable to stringify response body' });
  });

  it('reports a rejection nobody awaited as the invocation error, then exits', async () => {
    // Given a handler that leaves an unawaited rejection behind and returns
    const careless = await start(fixtures, 'handlers.handlers.unhandled');

    // When it is invoked
    const { route, report } = await careless.invoke({});

    // Then the invocation fails with the rejection, not the returned value, and the runtime exits 128
    expect(route).toBe('error');
    expect(JSON.parse(report.body)).toMatchObject({
      errorType: 'Runtime.UnhandledPromiseRejection',
      errorMessage: 'Error: nobody awaited this',
    });
    expect(await careless.exitCode).toBe(128);
  });

  it('dies without a report when the function exits the process', async () => {
    // Given the crash function, which calls process.exit(3) when asked to
    const crashing = await start(testFunction('crash'), 'index.handler');

    // When it is invoked so
    const outcome = await Promise.race([crashing.invoke({ body: '{"crash":true}' }), crashing.exitCode.then((code) => ({ exitCode: code }))]);

    // Then the process is gone with the function's exit code and nothing was posted
    expect(outcome).toEqual({ exitCode: 3 });
  });
});
