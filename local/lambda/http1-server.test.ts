import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { rawExchange } from '../testing/raw-http.ts';
import { startHttp1Server, type Http1Request, type Http1Server } from './http1-server.ts';

/** A server that records each request and answers it with its body's size, at once or when told. */
async function recordingServer(options: { maxBodyBytes?: number; hold?: boolean } = {}) {
  const requests: Http1Request[] = [];
  const held: Array<() => void> = [];
  const server = await startHttp1Server({
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    onRequest(request, respond) {
      requests.push(request);
      const answer = () => respond({ status: 200, headers: { 'X-Target': request.target }, body: String(request.bodyBytes) });
      if (options.hold) held.push(answer);
      else answer();
    },
  });
  return { server, requests, held };
}

function statusLines(text: string): string[] {
  return text.split('\r\n').filter((line) => line.startsWith('HTTP/1.1 '));
}

describe('HTTP/1.1 server for the Runtime API', () => {
  let server: Http1Server | undefined;
  afterEach(() => server?.close());

  it('serves node:http clients: a GET and a POST on one kept-alive connection, lengths and headers right', async () => {
    // Given a server and a keep-alive node:http agent
    const recording = await recordingServer();
    server = recording.server;
    const send = (method: string, body?: string) =>
      new Promise<{ status: number; header: string | undefined; text: string }>((resolve, reject) => {
        const call = httpRequest({ host: '127.0.0.1', port: recording.server.port, path: '/2018-06-01/runtime/x', method }, (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, header: response.headers['x-target'] as string, text }));
        });
        call.on('error', reject);
        call.end(body);
      });

    // When a GET and a POST with a two-byte character go out
    const got = await send('GET');
    const posted = await send('POST', '{"a":"ü"}');

    // Then both are answered, and the server saw the method, target, headers and body in bytes
    expect([got, posted]).toEqual([
      { status: 200, header: '/2018-06-01/runtime/x', text: '0' },
      { status: 200, header: '/2018-06-01/runtime/x', text: '10' },
    ]);
    expect(recording.requests.map((r) => [r.method, r.body.toString('utf8'), r.headers.host])).toEqual([
      ['GET', '', `127.0.0.1:${recording.server.port}`],
      ['POST', '{"a":"ü"}', `127.0.0.1:${recording.server.port}`],
    ]);
  });

  it('reads a request that arrives a few bytes at a time', async () => {
    // Given a server
    const recording = await recordingServer();
    server = recording.server;

    // When a request with a body is written in pieces that split the head and the body
    const raw = 'POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world';
    const reply = await rawExchange(recording.server.port, raw.match(/[\s\S]{1,7}/g)!);

    // Then it is read whole
    expect(recording.requests.map((r) => r.body.toString())).toEqual(['hello world']);
    expect(reply.text).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*Content-Length: 2\r\n\r\n11$/);
  });

  it('decodes a chunked body with extensions and trailers', async () => {
    // Given a server
    const recording = await recordingServer();
    server = recording.server;

    // When a chunked post arrives, split across writes
    await rawExchange(recording.server.port, [
      'POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhel',
      'lo\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n',
      '\r\n',
    ]);

    // Then the body is the chunks' data joined
    expect(recording.requests.map((r) => [r.body.toString(), r.bodyBytes])).toEqual([['hello world', 11]]);
  });

  it('answers pipelined requests in order, holding the second until the first is answered', async () => {
    // Given a server whose answers wait until released
    const recording = await recordingServer({ hold: true });
    server = recording.server;

    // When two requests arrive in one write and the server is let go only after a while
    const pending = rawExchange(recording.server.port, ['GET /first HTTP/1.1\r\nHost: x\r\n\r\nGET /second HTTP/1.1\r\nHost: x\r\n\r\n'], 300);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const seenWhileHeld = recording.requests.length;
    recording.held.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 50));
    recording.held.shift()!();
    const reply = await pending;

    // Then the second request was read only after the first was answered, and the answers are in order
    expect(seenWhileHeld).toBe(1);
    expect(reply.text.match(/X-Target: \S+/g)).toEqual(['X-Target: /first', 'X-Target: /second']);
  });

  it('sends 100 Continue to a client that expects it before sending its body', async () => {
    // Given a server
    const recording = await recordingServer();
    server = recording.server;

    // When a client announces its body and waits for the go-ahead
    const reply = await rawExchange(recording.server.port, ['POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n', 'abc']);

    // Then it is told to continue, and the body is read
    expect(statusLines(reply.text)).toEqual(['HTTP/1.1 100 Continue', 'HTTP/1.1 200 OK']);
    expect(recording.requests[0]!.body.toString()).toBe('abc');
  });

  it('reads a body over the limit to its end without keeping it, and stays in step for the next request', async () => {
    // Given a server that keeps bodies of up to 8 bytes
    const recording = await recordingServer({ maxBodyBytes: 8 });
    server = recording.server;

    // When a 20-byte body is followed by a small request on the same connection
    await rawExchange(recording.server.port, ['POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n', 'x'.repeat(20), 'GET /b HTTP/1.1\r\nHost: x\r\n\r\n']);

    // Then the first is seen with its size and no body, and the second is read correctly
    expect(recording.requests.map((r) => [r.target, r.bodyBytes, r.body.length])).toEqual([
      ['/a', 20, 0],
      ['/b', 0, 0],
    ]);
  });

  it('closes the connection after answering a client that asks for it', async () => {
    // Given a server
    const recording = await recordingServer();
    server = recording.server;

    // When a request says Connection: close
    const reply = await rawExchange(recording.server.port, ['GET /bye HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);

    // Then it is answered and the server closes
    expect(statusLines(reply.text)).toEqual(['HTTP/1.1 200 OK']);
    expect(reply.text).toContain('Connection: close\r\n');
    expect(reply.closed).toBe(true);
  });

  it.each([
    ['a malformed request line', 'GET /x\r\n\r\n'],
    ['a header without a colon', 'GET /x HTTP/1.1\r\nHost x\r\n\r\n'],
    ['a folded header line', 'GET /x HTTP/1.1\r\nHost: x\r\n continued\r\n\r\n'],
    ['both framings', 'POST /x HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n'],
    ['a malformed length', 'POST /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n'],
    ['a malformed chunk size', 'POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
  ])('answers 400 and closes for %s', async (_case, raw) => {
    // Given a server
    const recording = await recordingServer();
    server = recording.server;

    // When a request it cannot frame arrives
    const reply = await rawExchange(recording.server.port, [raw]);

    // Then nothing reaches the handler; the client gets 400 and the connection closes
    expect(recording.requests).toEqual([]);
    expect(statusLines(reply.text)).toEqual(['HTTP/1.1 400 Bad Request']);
    expect(reply.closed).toBe(true);
  });
});
