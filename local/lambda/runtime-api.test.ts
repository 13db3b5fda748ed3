import { afterEach, describe, expect, it } from 'vitest';
import { rawExchange } from '../testing/raw-http.ts';
import { startRuntimeApi, type NextInvocation, type RuntimeApi, type RuntimeReport } from './runtime-api.ts';

const invocation: NextInvocation = {
  requestId: 'req-1',
  deadlineMs: 1_700_000_000_000,
  functionArn: 'arn:aws:lambda:eu-west-1:000000000000:function:f',
  traceId: 'Root=1-00000000-000000000000000000000000;Sampled=0',
  payload: '{"hello":"world"}',
};

/** A Runtime API whose environment has `invocation` in flight, recording what the runtime posts. */
async function apiWithInvocation() {
  const posted: Array<{ route: string; report: RuntimeReport }> = [];
  const api = await startRuntimeApi({
    next: (reply) => reply(invocation),
    response: (id, report) => id === invocation.requestId && posted.push({ route: 'response', report }) > 0,
    error: (id, report) => id === invocation.requestId && posted.push({ route: 'error', report }) > 0,
    initError: (report) => void posted.push({ route: 'init/error', report }),
  });
  return { api, posted };
}

/** One raw request on its own connection; the whole raw reply. */
async function rawCall(api: RuntimeApi, request: string): Promise<string> {
  return (await rawExchange(Number(api.address.split(':')[1]), [request])).text;
}

const post = (path: string, body: string, headers = '') =>
  `POST /2018-06-01/runtime${path} HTTP/1.1\r\nHost: x\r\n${headers}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('Runtime API', () => {
  let api: RuntimeApi | undefined;
  afterEach(() => api?.close());

  it('hands out the invocation on /next with the headers as Lambda names them and the event as the body', async () => {
    // Given an environment with an invocation in flight
    const server = await apiWithInvocation();
    api = server.api;

    // When the runtime asks for work
    const reply = await rawCall(api, 'GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n');

    // Then it gets the event and the invocation's headers, named as Lambda's Runtime API writes them
    expect(reply).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(reply).toContain('\r\nLambda-Runtime-Aws-Request-Id: req-1\r\n');
    expect(reply).toContain('\r\nLambda-Runtime-Deadline-Ms: 1700000000000\r\n');
    expect(reply).toContain(`\r\nLambda-Runtime-Invoked-Function-Arn: ${invocation.functionArn}\r\n`);
    expect(reply).toContain(`\r\nLambda-Runtime-Trace-Id: ${invocation.traceId}\r\n`);
    expect(reply.endsWith('\r\n\r\n{"hello":"world"}')).toBe(true);
  });

  it('accepts a response and an error for the invocation in flight, and init errors with their type header', async () => {
    // Given an environment with an invocation in flight
    const server = await apiWithInvocation();
    api = server.api;

    // When the runtime posts a response, an error and an init error
    const replies = [
      await rawCall(api, post('/invocation/req-1/response', '{"ok":true}')),
      await rawCall(api, post('/invocation/req-1/error', '{"errorType":"E","errorMessage":"m"}')),
      await rawCall(api, post('/init/error', '{"errorType":"Runtime.X","errorMessage":"m"}', 'Lambda-Runtime-Function-Error-Type: Runtime.X\r\n')),
    ];

    // Then each is accepted and reaches the environment as posted
    for (const reply of replies) expect(reply).toMatch(/^HTTP\/1\.1 202 Accepted\r\n[\s\S]*\r\n\r\n\{"status":"OK"\}$/);
    expect(server.posted).toEqual([
      { route: 'response', report: { body: '{"ok":true}' } },
      { route: 'error', report: { body: '{"errorType":"E","errorMessage":"m"}' } },
      { route: 'init/error', report: { body: '{"errorType":"Runtime.X","errorMessage":"m"}', errorType: 'Runtime.X' } },
    ]);
  });

  it('refuses a post for another invocation with 400 and an unknown route with 404', async () => {
    // Given an environment with req-1 in flight
    const server = await apiWithInvocation();
    api = server.api;

    // When the runtime posts for an id that is not in flight, and calls a route that does not exist
    const wrongId = await rawCall(api, post('/invocation/req-2/response', '{}'));
    const unknown = await rawCall(api, 'GET /2018-06-01/runtime/nothing HTTP/1.1\r\nHost: x\r\n\r\n');

    // Then it is told so, in the Runtime API's error shape, and nothing reaches the environment
    expect(wrongId).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*\{"errorType":"InvalidRequestID","errorMessage":"Invalid request ID: \\"req-2\\""\}$/);
    expect(unknown).toMatch(/^HTTP\/1\.1 404 Not Found\r\n[\s\S]*"errorType":"NotFound"/);
    expect(server.posted).toEqual([]);
  });
});
