import { connect, type Socket } from 'node:net';
import { MalformedMessage, parseHead, type HttpHead } from '../lambda/http-head.ts';

/** One request to the Runtime API. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Its answer; header names lower-case, as node:http presents them. */
export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

interface Exchange {
  request: HttpRequest;
  resolve(reply: HttpReply): void;
  reject(error: Error): void;
}

/** The head of a reply, once all of it has arrived. */
interface Head {
  status: number;
  headers: Record<string, string>;
  contentLength: number;
}

const headEnd = Buffer.from('\r\n\r\n');

/**
 * HTTP/1.1 over one kept-alive connection, one exchange at a time, as the managed runtime's native
 * client (aws-lambda-cpp over libcurl) talks to the Runtime API: each request is a single write,
 * each reply is parsed from the bytes as they come. node:http would cost the runtime a request
 * object, an agent and a parser of its own per call, overhead the real runtime does not have.
 * Enough HTTP for a Runtime API, which frames every reply with a Content-Length.
 */
export class HttpConnection {
  private socket: Socket | undefined;
  /**
   * The exchange in flight first, then those waiting for it, as on an agent with maxSockets 1.
   * A queue rather than a chain of promises: the reply settles the caller's own promise directly.
   */
  private readonly queue: Exchange[] = [];
  private received: Buffer[] = [];
  private receivedBytes = 0;
  private head: Head | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  exchange(request: HttpRequest): Promise<HttpReply> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (this.queue.length === 1) this.send(request);
    });
  }

  private send({ method, path, headers = {}, body }: HttpRequest): void {
    let text = `${method} ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\n`;
    for (const [name, value] of Object.entries(headers)) text += `${name}: ${value}\r\n`;
    if (body !== undefined) text += `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    else text += '\r\n';
    this.connection().write(text);
  }

  private connection(): Socket {
    if (this.socket) return this.socket;
    const socket = connect({ host: this.host, port: this.port, noDelay: true });
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => this.drop(socket, error));
    socket.on('close', () => this.drop(socket, new Error('the Runtime API closed the connection')));
    this.socket = socket;
    return socket;
  }

  private receive(chunk: Buffer): void {
    this.received.push(chunk);
    this.receivedBytes += chunk.length;
    if (!this.head && !this.readHead()) return;
    const { status, headers, contentLength } = this.head!;
    if (this.receivedBytes < contentLength) return;
    // Most replies arrive in one chunk: their body is a view of it, not a copy.
    const whole = this.received.length === 1 ? this.received[0]! : Buffer.concat(this.received, this.receivedBytes);
    const body = whole.subarray(0, contentLength);
    this.reset();
    this.settle((waiting) => waiting.resolve({ status, headers, body }));
  }

  /** False until the blank line that ends the head has arrived. */
  private readHead(): boolean {
    const bytes = this.received.length === 1 ? this.received[0]! : Buffer.concat(this.received, this.receivedBytes);
    const end = bytes.indexOf(headEnd);
    if (end === -1) {
      this.received = [bytes];
      return false;
    }
    const head = readReplyHead(bytes.toString('latin1', 0, end));
    if (head instanceof Error) {
      this.drop(this.socket!, head);
      return false;
    }
    this.head = head;
    this.received = [bytes.subarray(end + headEnd.length)];
    this.receivedBytes = bytes.length - end - headEnd.length;
    return true;
  }

  /** The connection is gone: the exchange in flight fails, and the next one waiting gets a new connection. */
  private drop(socket: Socket, error: Error): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    socket.destroy();
    this.reset();
    this.settle((exchange) => exchange.reject(error));
  }

  private reset(): void {
    this.received = [];
    this.receivedBytes = 0;
    this.head = undefined;
  }

  /** Ends the exchange in flight and starts the next one waiting, if any. */
  private settle(action: (exchange: Exchange) => void): void {
    const done = this.queue.shift();
    if (done) action(done);
    const next = this.queue[0];
    if (next) this.send(next.request);
  }
}

/** `HTTP/1.1 200 OK` and its header lines; an Error for framing this client does not speak. */
function readReplyHead(text: string): Head | Error {
  let head: HttpHead;
  try {
    head = parseHead(text);
  } catch (error) {
    if (error instanceof MalformedMessage) return new Error(`unexpected reply from the Runtime API: ${error.message}`);
    throw error;
  }
  const { firstLine, headers } = head;
  const status = Number.parseInt(firstLine.slice(firstLine.indexOf(' ') + 1), 10);
  const length = Number(headers['content-length']);
  if (Number.isNaN(status) || !Number.isInteger(length) || length < 0 || headers['transfer-encoding']) {
    return new Error(`unexpected reply from the Runtime API: ${firstLine}, Content-Length '${headers['content-length']}'`);
  }
  return { status, headers, contentLength: length };
}
