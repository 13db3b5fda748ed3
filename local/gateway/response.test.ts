import { afterEach, describe, expect, it } from 'vitest';
import type { InvocationOutcome } from '../lambda/invocation.ts';
import { call, returning, returningText, ScriptedInvoker, startTestGateway, stopGateways } from '../testing/scripted-gateway.ts';

afterEach(stopGateways);

/** The reply a client gets when the function's invocation ends with `outcome`. */
async function replyTo(outcome: InvocationOutcome) {
  const gateway = await startTestGateway(new ScriptedInvoker(() => outcome));
  return call(gateway, 'POST', '/node');
}

const internalServerError = { status: 500, contentType: 'application/json', text: '{"message":"Internal Server Error"}' };

function summary(reply: Awaited<ReturnType<typeof replyTo>>) {
  return { status: reply.status, contentType: reply.headers['content-type'], text: reply.text };
}

describe('the response a client gets (payload format 2.0)', () => {
  it('follows a response the function describes: status, headers, cookies, base64 body', async () => {
    // Given a function that returns a described response with binary content
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const reply = await replyTo(
      returning({
        statusCode: 201,
        headers: { 'Content-Type': 'image/png', 'X-Count': 3 },
        cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
        body: png.toString('base64'),
        isBase64Encoded: true,
      }),
    );

    // Then the client gets that status, those headers, one Set-Cookie per cookie, and the bytes
    expect(reply.status).toBe(201);
    expect(reply.headers['content-type']).toBe('image/png');
    expect(reply.headers['x-count']).toBe('3');
    expect(reply.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(reply.body.equals(png)).toBe(true);
    // And, like API Gateway, a length rather than chunked encoding
    expect(reply.headers['content-length']).toBe(String(png.length));
    expect(reply.headers['transfer-encoding']).toBeUndefined();
  });

  it('sends a described text body as it is, with no content type of its own', async () => {
    // Given a function that returns a status and a plain body
    const reply = await replyTo(returning({ statusCode: 404, body: 'no such item' }));

    // Then the body arrives unchanged
    expect(summary(reply)).toEqual({ status: 404, contentType: undefined, text: 'no such item' });
  });

  it('infers 200 application/json for an object without statusCode, body as returned', async () => {
    // Given a function that returns a plain object (as the runtime serialised it)
    const reply = await replyTo(returningText('{ "message": "Hello from Lambda!" }'));

    // Then the client gets that JSON, byte for byte
    expect(summary(reply)).toEqual({ status: 200, contentType: 'application/json', text: '{ "message": "Hello from Lambda!" }' });
  });

  it("infers 200 application/json for a string, whose value is the body, as AWS's examples show", async () => {
    // Given a function that returns a string
    const reply = await replyTo(returning('Hello from Lambda!'));

    // Then the body is the string itself, without JSON quotes
    expect(summary(reply)).toEqual({ status: 200, contentType: 'application/json', text: 'Hello from Lambda!' });
  });

  it('answers 500 when the function returns something that is not JSON', async () => {
    expect(summary(await replyTo(returningText('{"statusCode": 200,')))).toEqual(internalServerError);
  });

  it('answers 500 for a described response with a malformed field', async () => {
    // Given functions that get one field of the described response wrong
    const malformed = [
      { statusCode: '200', body: 'ok' },
      { statusCode: 99, body: 'ok' },
      { statusCode: 200, body: { not: 'a string' } },
      { statusCode: 200, headers: { 'x-list': ['a', 'b'] } },
      { statusCode: 200, headers: { 'x-bad': 'line\nbreak' } },
      { statusCode: 200, cookies: 'a=1' },
    ];

    // Then each is an Internal Server Error
    for (const response of malformed) expect(summary(await replyTo(returning(response)))).toEqual(internalServerError);
  });
});

describe('invocations that end without a response', () => {
  it('answers 500 for a function error, a function timeout and a throttled invoke', async () => {
    // Given the three ways an invocation can fail
    const failures: InvocationOutcome[] = [
      { kind: 'function-error', requestId: 'r1', errorType: 'Error', errorMessage: 'boom', coldStart: false },
      { kind: 'timeout', requestId: 'r2', timeoutSeconds: 10, coldStart: true },
      { kind: 'throttled' },
    ];

    // Then each is the same Internal Server Error, with nothing of the error in it
    for (const outcome of failures) expect(summary(await replyTo(outcome))).toEqual(internalServerError);
  });

  it('answers 500 when the invoker itself fails', async () => {
    // Given an invoker that rejects (a function the Lambda service does not know)
    const gateway = await startTestGateway(
      new ScriptedInvoker(() => {
        throw new Error("no function named 'node'");
      }),
    );

    // Then the client gets a plain Internal Server Error
    expect(summary(await call(gateway, 'POST', '/node'))).toEqual(internalServerError);
  });

  it('answers 503 when the function takes longer than the integration timeout', async () => {
    // Given a function that never answers
    const gateway = await startTestGateway(new ScriptedInvoker(() => new Promise<InvocationOutcome>(() => {})), { integrationTimeoutMs: 100 });

    // When a client calls it
    const started = Date.now();
    const reply = await call(gateway, 'POST', '/node');

    // Then it gets Service Unavailable once the timeout passes
    expect(summary(reply)).toEqual({ status: 503, contentType: 'application/json', text: '{"message":"Service Unavailable"}' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });
});
