import { startHttp1Server, type Http1Reply, type Http1Request, type Respond } from './http1-server.ts';
import { runtimeApiPrefix, runtimeHeaders } from './runtime-protocol.ts';

/**
 * The Lambda Runtime API (2018-06-01) as one environment's runtime sees it: one route table and a
 * server that hands each call to the environment that owns it.
 */

/** Lambda's limit on a synchronous response: 6 MB. */
const maxResponseBytes = 6 * 1024 * 1024;

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
const accepted = { status: 202, body: JSON.stringify({ status: 'OK' }) };
const responseTooLarge = 'Function.ResponseSizeTooLarge';

export async function startRuntimeApi(handlers: RuntimeApiHandlers): Promise<RuntimeApi> {
  // No timeouts: the runtime keeps its one connection across invocations, parked in /next between them.
  const server = await startHttp1Server({ maxBodyBytes: maxResponseBytes, onRequest: (request, respond) => route(handlers, request, respond) });
  return { address: `127.0.0.1:${server.port}`, close: () => server.close() };
}

function route(handlers: RuntimeApiHandlers, request: Http1Request, respond: Respond): void {
  const { method, target } = request;
  if (method === 'GET' && target === `${prefix}/invocation/next`) return handlers.next((event) => respond(invocationReply(event)));
  if (method !== 'POST') return respond(notFound(target));
  if (target === `${prefix}/init/error`) {
    handlers.initError(report(request));
    return respond(accepted);
  }
  const match = invocationRoute.exec(target);
  if (!match) return respond(notFound(target));
  const [, requestId, kind] = match as unknown as [string, string, 'response' | 'error'];
  if (request.bodyBytes > maxResponseBytes) return tooLarge(handlers, requestId, request.bodyBytes, respond);
  const posted = report(request);
  const known = kind === 'response' ? handlers.response(requestId, posted) : handlers.error(requestId, posted);
  // The caller's answer goes out first (it follows from the handler in this same turn): its
  // latency should not include a write whose only reader is the runtime asking for more work.
  if (known) setImmediate(respond, accepted);
  else respond(errorReply(400, 'InvalidRequestID', `Invalid request ID: "${requestId}"`));
}

/** The invocation fails as on Lambda, and the runtime is told why with RAPID's answer. */
function tooLarge(handlers: RuntimeApiHandlers, requestId: string, size: number, respond: Respond): void {
  const message = `Response payload size (${size} bytes) exceeded maximum allowed payload size (${maxResponseBytes} bytes).`;
  handlers.error(requestId, { body: JSON.stringify({ errorType: responseTooLarge, errorMessage: message }), errorType: responseTooLarge });
  respond(errorReply(413, 'RequestEntityTooLarge', `Exceeded maximum allowed payload size (${maxResponseBytes} bytes).`));
}

function report({ body, headers }: Http1Request): RuntimeReport {
  const errorType = headers[runtimeHeaders.functionErrorType];
  return { body: body.toString('utf8'), ...(errorType === undefined ? {} : { errorType }) };
}

/** `lambda-runtime-trace-id` as RAPID (Go's net/http) writes it: `Lambda-Runtime-Trace-Id`. */
function canonical(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase());
}

const invocationHeaders = {
  requestId: canonical(runtimeHeaders.requestId),
  deadlineMs: canonical(runtimeHeaders.deadlineMs),
  functionArn: canonical(runtimeHeaders.invokedFunctionArn),
  traceId: canonical(runtimeHeaders.traceId),
};

function invocationReply(event: NextInvocation): Http1Reply {
  return {
    status: 200,
    headers: {
      [invocationHeaders.requestId]: event.requestId,
      [invocationHeaders.deadlineMs]: String(event.deadlineMs),
      [invocationHeaders.functionArn]: event.functionArn,
      [invocationHeaders.traceId]: event.traceId,
    },
    body: event.payload,
  };
}

function notFound(target: string): Http1Reply {
  return errorReply(404, 'NotFound', `No such Runtime API route: ${target}`);
}

function errorReply(status: number, errorType: string, errorMessage: string): Http1Reply {
  return { status, body: JSON.stringify({ errorType, errorMessage }) };
}
