import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpConnection } from './http-connection.ts';

/** A raw TCP server that answers every request it reads with `reply`, written as `write` chooses. */
async function serve(reply: string, write: (socket: Socket, bytes: Buffer) => void): Promise<{ server: Server; requests: string[]; port: number }> {
  const requests: string[] = [];
  const server = createServer((socket) => {
    socket.on('data', (chunk) => {
      requests.push(chunk.toString('utf8'));
      write(socket, Buffer.from(reply, 'latin1'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, requests, port: (server.address() as AddressInfo).port };
}

function byteByByte(socket: Socket, bytes: Buffer): void {
  for (let i = 0; i < bytes.length; i += 1) setTimeout(() => socket.write(bytes.subarray(i, i + 1)), i);
}

describe('HttpConnection', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.close();
    server = undefined;
  });

  it('reads a reply whose head and body arrive one byte at a time', async () => {
    // Given a server that trickles its reply
    const reply = 'HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: abc\r\nContent-Length: 7\r\n\r\n{"a":1}';
    const trickling = await serve(reply, byteByByte);
    server = trickling.server;

    // When a request is exchanged over the connection
    const answer = await new HttpConnection('127.0.0.1', trickling.port).exchange({ method: 'GET', path: '/next' });

    // Then the whole reply is read, header names lower-case
    expect({ status: answer.status, id: answer.headers['lambda-runtime-aws-request-id'], body: answer.body.toString() }).toEqual({
      status: 200,
      id: 'abc',
      body: '{"a":1}',
    });
  });

  it('sends a body in one request framed by its length in bytes, and keeps the connection for the next', async () => {
    // Given a server that accepts everything
    const accepting = await serve('HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n', (socket, bytes) => socket.write(bytes));
    server = accepting.server;
    const connection = new HttpConnection('127.0.0.1', accepting.port);

    // When two posts go out, one after the other
    await connection.exchange({ method: 'POST', path: '/response', headers: { 'Content-Type': 'application/json' }, body: '"ü"' });
    await connection.exchange({ method: 'POST', path: '/response', body: '{}' });

    // Then each is one request with a byte length, on one connection
    expect(accepting.requests).toHaveLength(2);
    expect(accepting.requests[0]).toContain('Content-Length: 4\r\n\r\n"ü"');
    expect(accepting.requests[1]).toMatch(/^POST \/response HTTP\/1\.1\r\n/);
  });

  it('fails the exchange when a reply is not framed by a Content-Length', async () => {
    // Given a server that answers in chunked encoding, which the Runtime API never does
    const chunked = await serve('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n', (socket, bytes) => socket.write(bytes));
    server = chunked.server;

    // When a request is exchanged
    const exchange = new HttpConnection('127.0.0.1', chunked.port).exchange({ method: 'GET', path: '/next' });

    // Then it fails rather than misreading the body
    await expect(exchange).rejects.toThrow(/unexpected reply from the Runtime API/);
  });
});
