import { describe, expect, it } from 'vitest';
import { functionArn, useBundledRuntime } from '../testing/bundled-runtime.ts';
import { testFunctionDir } from '../testing/test-functions.ts';

const fixtures = testFunctionDir('handlers');
const echoFunction = testFunctionDir('echo');

describe('Node runtime client: invocations', () => {
  const runtime = useBundledRuntime();

  const start = (taskRoot: string, handler: string) => runtime.start(taskRoot, handler);

  it('posts the handler result as the response body, warm invocation after warm invocation', async () => {
    // Given the echo function, which returns what the body's "return" names
    const echo = await start(echoFunction, 'index.handler');

    // When it is invoked twice in the same environment
    const first = await echo.invoke({ body: JSON.stringify({ return: { statusCode: 201, body: 'made' } }) });
    const second = await echo.invoke({ body: JSON.stringify({ return: 'just text' }) });

    // Then each result arrives on the response route as its JSON
    expect(first.route).toBe('response');
    expect(JSON.parse(first.report.body)).toEqual({ statusCode: 201, body: 'made' });
    expect(second.report.body).toBe('"just text"');
  });

  it('hands the handler the event exactly as it was delivered', async () => {
    // Given the echo function
    const echo = await start(echoFunction, 'index.handler');
    const event = { rawPath: '/node', headers: { 'x-test': 'ü' }, body: 'not json', isBase64Encoded: false };

    // When it is invoked with an event
    const { report } = await echo.invoke(event);

    // Then the event it saw is the one sent
    expect(JSON.parse(JSON.parse(report.body).body)).toEqual(event);
  });

  it('carries an event and a result of megabytes intact, warm invocation after warm invocation', async () => {
    // Given a handler that returns its event, and an event of two-byte characters that arrives in many reads
    const plain = await start(fixtures, 'handlers.handlers.plain');
    const event = { text: 'ü'.repeat(1_000_000), tail: 'end' };

    // When it is invoked with it twice
    const first = await plain.invoke(event);
    const second = await plain.invoke(event);

    // Then both responses carry the whole event back
    expect(JSON.parse(first.report.body)).toEqual(event);
    expect(JSON.parse(second.report.body)).toEqual(event);
  });

  it('answers null for a handler that returns nothing', async () => {
    // Given a handler that returns undefined
    const nothing = await start(fixtures, 'handlers.handlers.nothing');

    // When it is invoked
    const { route, report } = await nothing.invoke({});

    // Then the response is JSON null
    expect(route).toBe('response');
    expect(report.body).toBe('null');
  });

  it('takes a plain (non-async) handler and posts what it returns', async () => {
    // Given a handler that is a plain function returning its event
    const plain = await start(fixtures, 'handlers.handlers.plain');

    // When it is invoked
    const { report } = await plain.invoke({ a: 1 });

    // Then its value comes back
    expect(JSON.parse(report.body)).toEqual({ a: 1 });
  });

  it('builds the context from the invocation headers and the function variables', async () => {
    // Given a handler that returns its context
    const contextual = await start(fixtures, 'handlers.handlers.context');
    const deadlineMs = Date.now() + 5_000;

    // When it is invoked with a trace id and a deadline 5 s away
    const { requestId, report } = await contextual.invoke({}, { traceId: 'Root=1-5f84c7a9-0123456789abcdef01234567', deadlineMs });
    const context = JSON.parse(report.body) as Record<string, unknown>;

    // Then the context names the invocation and the function, and counts down to the deadline
    expect(context).toMatchObject({
      awsRequestId: requestId,
      invokedFunctionArn: functionArn,
      functionName: 'runtime-test',
      functionVersion: '$LATEST',
      memoryLimitInMB: '128',
      logGroupName: '/aws/lambda/runtime-test',
      logStreamName: '2025/01/01/[$LATEST]0123456789abcdef',
      xRayTraceId: 'Root=1-5f84c7a9-0123456789abcdef01234567',
    });
    expect(context.remainingMs).toBeGreaterThan(4_000);
    expect(context.remainingMs).toBeLessThanOrEqual(5_000);
    // And Node 24's context has no callback-era fields
    expect(context).not.toHaveProperty('callbackWaitsForEmptyEventLoop');
  });

  it('sets _X_AMZN_TRACE_ID for the invocation in flight and clears it when there is none', async () => {
    // Given a handler that reports the trace variable
    const contextual = await start(fixtures, 'handlers.handlers.context');

    // When one invocation carries a trace id and the next does not
    const traced = await contextual.invoke({}, { traceId: 'Root=1-5f84c7a9-aaaaaaaaaaaaaaaaaaaaaaaa' });
    const untraced = await contextual.invoke({}, { traceId: '' });

    // Then the variable follows the invocation
    expect(JSON.parse(traced.report.body).traceEnv).toBe('Root=1-5f84c7a9-aaaaaaaaaaaaaaaaaaaaaaaa');
    expect(JSON.parse(untraced.report.body).traceEnv).toBeNull();
  });

  it('writes each console call as one record carrying time, request id and level', async () => {
    // Given a handler that logs a formatted line and a two-line warning
    const logging = await start(fixtures, 'handlers.handlers.logs');

    // When it is invoked
    const { requestId } = await logging.invoke({});

    // Then each call is one tab-separated record, the two lines joined by a carriage return
    const records = await logging.linesWith(requestId, 2);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\t${requestId}\\tINFO\\thello world \\{ n: 1 \\}$`));
    expect(records[1]).toMatch(new RegExp(`\\t${requestId}\\tWARN\\tfirst line\\rsecond line$`));
  });
});
