import { afterEach, describe, expect, it } from 'vitest';
import { call, ScriptedInvoker, startTestGateway, stopGateways } from '../testing/scripted-gateway.ts';

afterEach(stopGateways);

describe('the event a function receives (payload format 2.0)', () => {
  it('carries the request as an HTTP API builds it', async () => {
    // Given a gateway in front of a function
    const invoker = new ScriptedInvoker();
    const gateway = await startTestGateway(invoker);

    // When a client posts JSON with a query string, repeated keys, cookies and a repeated header
    const reply = await call(gateway, 'POST', '/node?flavour=plain&size=2&size=3&note=a%20b', {
      headers: ['Content-Type', 'application/json', 'User-Agent', 'k6/1.0', 'X-Tag', 'one', 'x-tag', 'two', 'Cookie', 'session=abc; theme=dark'],
      body: '{"hello":"world"}',
    });

    // Then the function gets every field where AWS puts it
    const [event] = invoker.events();
    expect(reply.status).toBe(200);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /node',
      rawPath: '/node',
      rawQueryString: 'flavour=plain&size=2&size=3&note=a%20b',
      cookies: ['session=abc', 'theme=dark'],
      queryStringParameters: { flavour: 'plain', size: '2,3', note: 'a b' },
      body: '{"hello":"world"}',
      isBase64Encoded: false,
    });
    // Names lower-cased, repeats joined with a comma, the cookies only in `cookies`
    expect(event!.headers).toEqual({
      host: `127.0.0.1:${gateway.port}`,
      'content-length': '17',
      'content-type': 'application/json',
      'user-agent': 'k6/1.0',
      'x-tag': 'one,two',
      connection: 'close',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-port': String(gateway.port),
      'x-forwarded-proto': 'http',
      'x-amzn-trace-id': expect.stringMatching(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/),
    });
    expect(event).not.toHaveProperty('pathParameters');
    expect(event).not.toHaveProperty('stageVariables');
  });

  it('describes the request in requestContext, with the id the client sees', async () => {
    // Given a gateway in front of a function
    const invoker = new ScriptedInvoker();
    const gateway = await startTestGateway(invoker);

    // When a client calls it
    const before = Date.now();
    const reply = await call(gateway, 'POST', '/node', { headers: ['User-Agent', 'k6/1.0'] });

    // Then requestContext names the account, API, stage, route and caller
    const context = invoker.events()[0]!.requestContext;
    expect(context).toEqual({
      accountId: expect.stringMatching(/^\d{12}$/),
      apiId: expect.stringMatching(/^[a-z0-9]{10}$/),
      domainName: `127.0.0.1:${gateway.port}`,
      domainPrefix: '127',
      http: { method: 'POST', path: '/node', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'k6/1.0' },
      requestId: reply.headers['apigw-requestid'],
      routeKey: 'POST /node',
      stage: '$default',
      time: expect.stringMatching(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/),
      timeEpoch: expect.any(Number),
    });
    // And the time is the request's, in both forms
    expect(context.timeEpoch).toBeGreaterThanOrEqual(before);
    expect(context.timeEpoch).toBeLessThanOrEqual(Date.now());
    expect(context.time).toBe(clfTime(context.timeEpoch));
  });

  it('hands Lambda an X-Ray trace id whose root the event header repeats', async () => {
    // Given a gateway in front of a function
    const invoker = new ScriptedInvoker();
    const gateway = await startTestGateway(invoker);

    // When a client calls it
    await call(gateway, 'POST', '/node');

    // Then the invocation carries a not-sampled trace id, dated with the request
    const [request] = invoker.requests;
    const event = invoker.events()[0]!;
    const match = /^Root=(1-([0-9a-f]{8})-[0-9a-f]{24});Sampled=0$/.exec(request!.traceId);
    expect(match).not.toBeNull();
    expect(parseInt(match![2]!, 16)).toBe(Math.floor(event.requestContext.timeEpoch / 1000));
    expect(event.headers['x-amzn-trace-id']).toBe(`Root=${match![1]}`);
    expect(request!.functionName).toBe('node');
  });

  it('leaves out cookies, query parameters and body when the request has none', async () => {
    // Given a gateway in front of a function
    const invoker = new ScriptedInvoker();
    const gateway = await startTestGateway(invoker);

    // When a client posts nothing
    await call(gateway, 'POST', '/node');

    // Then those fields are absent, not empty
    const event = invoker.events()[0]!;
    expect(event.rawQueryString).toBe('');
    expect(event.isBase64Encoded).toBe(false);
    for (const field of ['cookies', 'queryStringParameters', 'body']) expect(event).not.toHaveProperty(field);
  });

  it('base64-encodes a binary body and passes text media types as text', async () => {
    // Given a gateway in front of a function, and bytes that are not UTF-8
    const invoker = new ScriptedInvoker();
    const gateway = await startTestGateway(invoker);
    const bytes = Buffer.from([0x00, 0xff, 0x10, 0x80, 0x7f]);

    // When the same gateway gets a binary upload, a form post, an untyped body and plain text
    await call(gateway, 'POST', '/node', { headers: ['Content-Type', 'application/octet-stream'], body: bytes });
    await call(gateway, 'POST', '/node', { headers: ['Content-Type', 'application/x-www-form-urlencoded'], body: 'a=1&b=2' });
    await call(gateway, 'POST', '/node', { body: 'no type' });
    await call(gateway, 'POST', '/node', { headers: ['Content-Type', 'text/plain; charset=utf-8'], body: 'héllo' });

    // Then only the text/* body arrives as text, every other one base64-encoded
    const bodies = invoker.events().map(({ body, isBase64Encoded }) => ({ body, isBase64Encoded }));
    expect(bodies).toEqual([
      { body: bytes.toString('base64'), isBase64Encoded: true },
      { body: Buffer.from('a=1&b=2').toString('base64'), isBase64Encoded: true },
      { body: Buffer.from('no type').toString('base64'), isBase64Encoded: true },
      { body: 'héllo', isBase64Encoded: false },
    ]);
  });

  it('decodes the path it matches and passes, but not the query string', async () => {
    // Given a gateway in front of a function
    const invoker = new ScriptedInvoker();
    const gateway = await startTestGateway(invoker);

    // When the path is percent-encoded
    const reply = await call(gateway, 'POST', '/no%64e?q=%2Fx');

    // Then it reaches the /node route with the decoded path and the raw query
    expect(reply.status).toBe(200);
    expect(invoker.events()[0]).toMatchObject({ rawPath: '/node', rawQueryString: 'q=%2Fx', queryStringParameters: { q: '/x' } });
  });
});

/** Independent of the gateway's own formatting: Date's UTC string is `Thu, 12 Mar 2020 19:03:58 GMT`. */
function clfTime(epochMs: number): string {
  const [, day, month, year, clock] = new Date(epochMs).toUTCString().split(' ');
  return `${day}/${month}/${year}:${clock} +0000`;
}
