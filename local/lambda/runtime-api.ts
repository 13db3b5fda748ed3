import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runtimeApiPrefix, runtimeHeaders } from './runtime-protocol.ts';

/**
 * The Lambda Runtime API (2018-06-01) as one environment's runtime sees it: one route table and a
 * server that hands each call to the environment that owns it.
 */

/** Lambda's limit on a synchronous response: 6 MB. */
export const maxResponseBytes = 6 * 1024 * 1024;

/** What the runtime posted for an invocation or for its init. */
export interface RuntimeReport {
  body: string;
  /** From Lambda-Runtime-Function-Error-Type, on error posts only. */
  errorType?: string;
}

/** The environment's side of the API: it decides what each call means for its current state. */
export interface RuntimeApiHandlers {
  /** Long poll: answer `reply` once an invocation is there (or never, if the environment dies). */
  next(reply: (event: NextInvocation) => void): void;
  /** False when the id is not the invocation in flight. */
  response(requestId: string, report: RuntimeReport): boolean;
  error(requestId: string, report: RuntimeReport): boolean;
  initError(report: RuntimeReport): void;
}

export interface NextInvocation {
  requestId: string;
  deadlineMs: number;
  functionArn: string;
  traceId: string;
  payload: string;
}

export interface RuntimeApi {
  /** The value of AWS_LAMBDA_RUNTIME_API: host and port, no scheme. */
  address: string;
  close(): void;
}

const prefix = runtimeApiPrefix;
const invocationRoute = new RegExp(`^${prefix}/invocation/([^/]+)/(response|error)$`);
const accepted = JSON.stringify({ status: 'OK' });
const responseTooLarge = 'Function.ResponseSizeTooLarge';

export async function startRuntimeApi(handlers: RuntimeApiHandlers): Promise<RuntimeApi> {
  const server = createServer((request, response) => route(handlers, request, response));
  // The runtime keeps its one connection open across invocations, as on Lambda.
  server.keepAliveTimeout = 0;
  server.requestTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    close() {
      server.close();
      server.closeAllConnections();
    },
  };
}

function route(handlers: RuntimeApiHandlers, request: IncomingMessage, response: ServerResponse): void {
  const url = request.url ?? '';
  if (request.method === 'GET' && url === `${prefix}/invocation/next`) {
    handlers.next((event) => sendInvocation(response, event));
    return;
  }
  if (request.method !== 'POST') return void answer(response, 404, notFound(url));
  if (url === `${prefix}/init/error`) {
    return void readReport(request, response, (report) => {
      handlers.initError(report);
      answer(response, 202, accepted);
    });
  }
  const match = invocationRoute.exec(url);
  if (!match) return void answer(response, 404, notFound(url));
  const [, requestId, kind] = match as unknown as [string, string, 'response' | 'error'];
  readReport(request, response, (report) => {
    const known = kind === 'response' && !report.errorType ? handlers.response(requestId, report) : handlers.error(requestId, report);
    // The caller's answer goes out first (it follows from the handler in this same turn): its
    // latency should not include a write whose only reader is the runtime asking for more work.
    if (known) setImmediate(answer, response, 202, accepted);
    else answer(response, 400, errorBody('InvalidRequestID', `Invalid request ID: "${requestId}"`));
  });
}

/**
 * Every answer carries its length, as the real Runtime API's do: headers written ahead of the body
 * would otherwise make node fall back to chunked encoding.
 */
function sendInvocation(response: ServerResponse, event: NextInvocation): void {
  response.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(event.payload),
    [runtimeHeaders.requestId]: event.requestId,
    [runtimeHeaders.deadlineMs]: String(event.deadlineMs),
    [runtimeHeaders.invokedFunctionArn]: event.functionArn,
    [runtimeHeaders.traceId]: event.traceId,
  });
  response.end(event.payload);
}

/** Collects the body up to Lambda's response limit; past it, 413 as the real API answers. */
function readReport(request: IncomingMessage, response: ServerResponse, done: (report: RuntimeReport) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= maxResponseBytes) chunks.push(chunk);
  });
  request.on('end', () => {
    if (size > maxResponseBytes) {
      // The invocation fails as on Lambda; the runtime is told why.
      const message = `Response payload size (${size} bytes) exceeded maximum allowed payload size (${maxResponseBytes} bytes).`;
      done({ body: errorBody(responseTooLarge, message), errorType: responseTooLarge });
      return;
    }
    const errorType = request.headers[runtimeHeaders.functionErrorType];
    done({ body: Buffer.concat(chunks).toString('utf8'), ...(typeof errorType === 'string' ? { errorType } : {}) });
  });
}

function answer(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function notFound(url: string): string {
  return errorBody('NotFound', `No such Runtime API route: ${url}`);
}

function errorBody(errorType: string, errorMessage: string): string {
  return JSON.stringify({ errorType, errorMessage });
}
