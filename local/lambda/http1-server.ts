import { STATUS_CODES } from 'node:http';
import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { MalformedMessage, parseHead } from './http-head.ts';

/**
 * The HTTP/1.1 server side of the Runtime API, on bare sockets. Every invocation crosses it twice
 * (the event out on `/next`, the result in on `/response`), so it sits on the measured path:
 * node:http's request and response objects and streams cost about 0.2 ms a round trip on this
 * machine's cold caches, over half what the stand-in may add. A runtime is a single client that
 * sends one request at a time, so the whole protocol it needs is small: Content-Length or chunked
 * bodies, `Expect: 100-continue` (curl sends it for large posts), keep-alive and pipelining in order.
 */

export interface Http1Request {
  method: string;
  target: string;
  /** Names lower-case; a repeated header's values joined with ", ". */
  headers: Record<string, string>;
  /** Empty when the body was over the server's limit; `bodyBytes` still counts it. */
  body: Buffer;
  bodyBytes: number;
}

export interface Http1Reply {
  status: number;
  /** Names as they go on the wire. */
  headers?: Record<string, string>;
  body: string;
}

/** Answers a request exactly once; later calls are ignored. */
export type Respond = (reply: Http1Reply) => void;

export interface Http1ServerOptions {
  /** Bodies over this are read to their end (the connection stays in step) but not kept. */
  maxBodyBytes: number;
  onRequest(request: Http1Request, respond: Respond): void;
}

export interface Http1Server {
  port: number;
  close(): void;
}

/** Larger heads are refused; a Runtime API request has a few short headers. */
const maxHeadBytes = 64 * 1024;
const crlf = Buffer.from('\r\n');
const headEnd = Buffer.from('\r\n\r\n');
const requestLine = /^([A-Z]+) (\S+) HTTP\/1\.([01])$/;
const chunkSize = /^[0-9A-Fa-f]{1,16}$/;

export async function startHttp1Server(options: Http1ServerOptions): Promise<Http1Server> {
  const sockets = new Set<Socket>();
  const server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    new Http1Connection(socket, options);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close() {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** Where the parser is in the request it is reading. */
type State =
  | { at: 'head' }
  | { at: 'body'; remaining: number }
  | { at: 'chunk-size' }
  | { at: 'chunk-data'; remaining: number }
  | { at: 'chunk-end' }
  | { at: 'trailers' }
  /** All of the request is in: it goes to the handler. */
  | { at: 'complete' }
  /** The request is with the handler; bytes of the next one wait until it is answered. */
  | { at: 'answering' };

interface Head {
  method: string;
  target: string;
  headers: Record<string, string>;
  keepAlive: boolean;
}

class Http1Connection {
  private input: Buffer = Buffer.alloc(0);
  private state: State = { at: 'head' };
  private head: Head | undefined;
  private bodyParts: Buffer[] = [];
  private bodyBytes = 0;

  constructor(
    private readonly socket: Socket,
    private readonly options: Http1ServerOptions,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    // A runtime killed mid-request resets its connection; there is no one left to tell.
    socket.on('error', () => socket.destroy());
  }

  private receive(chunk: Buffer): void {
    this.input = this.input.length === 0 ? chunk : Buffer.concat([this.input, chunk]);
    this.parse();
  }

  private parse(): void {
    try {
      this.advance();
    } catch (error) {
      if (!(error instanceof MalformedMessage)) throw error;
      // The connection's framing is lost: nothing more is read from it.
      this.state = { at: 'answering' };
      this.input = Buffer.alloc(0);
      this.write({ status: 400, body: JSON.stringify({ errorType: 'BadRequest', errorMessage: error.message }) }, false);
    }
  }

  /** Parses as far as the bytes in hand allow; body bytes are kept as views, never copied twice. */
  private advance(): void {
    for (;;) {
      switch (this.state.at) {
        case 'head': {
          const end = this.input.indexOf(headEnd);
          if (end === -1) return this.limitPending(maxHeadBytes, 'request head too large');
          this.head = parseRequestHead(this.input.toString('latin1', 0, end));
          this.input = this.input.subarray(end + headEnd.length);
          this.state = this.bodyFraming(this.head);
          break;
        }
        case 'body':
        case 'chunk-data': {
          const take = Math.min(this.state.remaining, this.input.length);
          this.keep(this.input.subarray(0, take));
          this.input = this.input.subarray(take);
          this.state.remaining -= take;
          if (this.state.remaining > 0) return;
          this.state = this.state.at === 'body' ? { at: 'complete' } : { at: 'chunk-end' };
          break;
        }
        case 'chunk-size': {
          const line = this.takeLine();
          if (line === undefined) return;
          const size = line.split(';', 1)[0]!.trim();
          if (!chunkSize.test(size)) throw new MalformedMessage(`malformed chunk size '${size}'`);
          const remaining = Number.parseInt(size, 16);
          this.state = remaining === 0 ? { at: 'trailers' } : { at: 'chunk-data', remaining };
          break;
        }
        case 'chunk-end': {
          const line = this.takeLine();
          if (line === undefined) return;
          if (line !== '') throw new MalformedMessage('chunk data longer than its size');
          this.state = { at: 'chunk-size' };
          break;
        }
        case 'trailers': {
          const line = this.takeLine();
          if (line === undefined) return;
          if (line === '') this.state = { at: 'complete' };
          break;
        }
        case 'complete':
          this.dispatch();
          break;
        case 'answering':
          // A client that pipelines is read no further until its earlier request is answered.
          if (this.input.length > maxHeadBytes) this.socket.pause();
          return;
      }
    }
  }

  private bodyFraming(head: Head): State {
    const transferEncoding = head.headers['transfer-encoding'];
    const contentLength = head.headers['content-length'];
    if (transferEncoding !== undefined) {
      // Both framings at once is how requests are smuggled; RFC 9112 §6.1 allows refusing it.
      if (contentLength !== undefined) throw new MalformedMessage('both Content-Length and Transfer-Encoding');
      if (transferEncoding.toLowerCase() !== 'chunked') throw new MalformedMessage(`unsupported Transfer-Encoding '${transferEncoding}'`);
      this.continueIfAsked(head);
      return { at: 'chunk-size' };
    }
    if (contentLength === undefined || contentLength === '0') return { at: 'complete' };
    if (!/^\d{1,15}$/.test(contentLength)) throw new MalformedMessage(`malformed Content-Length '${contentLength}'`);
    this.continueIfAsked(head);
    return { at: 'body', remaining: Number(contentLength) };
  }

  private continueIfAsked(head: Head): void {
    if (head.headers.expect?.toLowerCase() === '100-continue') this.socket.write('HTTP/1.1 100 Continue\r\n\r\n');
  }

  /** A line of chunked framing without its CRLF, or undefined until all of it is here. */
  private takeLine(): string | undefined {
    const end = this.input.indexOf(crlf);
    if (end === -1) return void this.limitPending(4096, 'chunk framing line too long');
    const line = this.input.toString('latin1', 0, end);
    this.input = this.input.subarray(end + crlf.length);
    return line;
  }

  private limitPending(limit: number, problem: string): void {
    if (this.input.length > limit) throw new MalformedMessage(problem);
  }

  private keep(part: Buffer): void {
    this.bodyBytes += part.length;
    if (this.bodyBytes <= this.options.maxBodyBytes) this.bodyParts.push(part);
    else this.bodyParts = [];
  }

  private dispatch(): void {
    const { method, target, headers, keepAlive } = this.head!;
    const bodyBytes = this.bodyBytes;
    const body = bodyBytes > this.options.maxBodyBytes ? Buffer.alloc(0) : this.bodyParts.length === 1 ? this.bodyParts[0]! : Buffer.concat(this.bodyParts, bodyBytes);
    this.state = { at: 'answering' };
    this.head = undefined;
    this.bodyParts = [];
    this.bodyBytes = 0;
    let answered = false;
    let handling = true;
    this.options.onRequest({ method, target, headers, body, bodyBytes }, (reply) => {
      if (answered) return;
      answered = true;
      this.write(reply, keepAlive);
      if (!keepAlive) return;
      this.state = { at: 'head' };
      this.socket.resume();
      // Answered later, the parser has stopped and picks up the bytes that waited; answered at
      // once, the loop that dispatched goes on by itself.
      if (!handling) this.parse();
    });
    handling = false;
  }

  /** One write per answer: head and body together, framed by their length. */
  private write({ status, headers = {}, body }: Http1Reply, keepAlive: boolean): void {
    if (!this.socket.writable) return;
    let text = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json\r\n`;
    for (const [name, value] of Object.entries(headers)) text += `${name}: ${value}\r\n`;
    text += `Content-Length: ${Buffer.byteLength(body)}\r\n${keepAlive ? '' : 'Connection: close\r\n'}\r\n${body}`;
    if (keepAlive) this.socket.write(text);
    else this.socket.end(text);
  }
}

function parseRequestHead(text: string): Head {
  const { firstLine, headers } = parseHead(text);
  const request = requestLine.exec(firstLine);
  if (!request) throw new MalformedMessage(`malformed request line '${firstLine.slice(0, 100)}'`);
  const connection = headers.connection?.toLowerCase() ?? '';
  const keepAlive = request[3] === '1' ? !connection.includes('close') : connection.includes('keep-alive');
  return { method: request[1]!, target: request[2]!, headers, keepAlive };
}
