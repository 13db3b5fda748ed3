import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { InvocationOutcome, InvocationRequest, Invoker } from '../lambda/invocation.ts';
import { startGateway, type Gateway, type GatewayOptions } from '../gateway/index.ts';

/**
 * Test support for the gateway: Lambda seen through the Invoker seam (the one place the two
 * emulations meet), real gateways on loopback, and a raw HTTP client that can repeat headers.
 */

type Answer = (request: InvocationRequest) => InvocationOutcome | Promise<InvocationOutcome>;

/** Records every invocation and answers each as told. */
export class ScriptedInvoker implements Invoker {
  readonly requests: InvocationRequest[] = [];

  constructor(private readonly answer: Answer = () => returning({ statusCode: 200, body: 'ok' })) {}

  /** Not async, so an answer that throws or rejects reaches the gateway as directly as the Lambda service's would. */
  invoke(request: InvocationRequest): Promise<InvocationOutcome> {
    this.requests.push(request);
    return Promise.resolve(this.answer(request));
  }

  events(): APIGatewayProxyEventV2[] {
    return this.requests.map((request) => JSON.parse(request.payload) as APIGatewayProxyEventV2);
  }
}

/** The function returned `value`, serialised as the runtime posts it. */
export function returning(value: unknown): InvocationOutcome {
  return returningText(JSON.stringify(value));
}

export function returningText(payload: string): InvocationOutcome {
  return { kind: 'response', requestId: 'a1b2c3', payload, coldStart: false };
}

export const testRoutes = [
  { method: 'POST', path: '/node', functionName: 'node' },
  { method: 'POST', path: '/rust', functionName: 'rust' },
];

const running: Gateway[] = [];

export async function startTestGateway(invoker: Invoker, options: Partial<GatewayOptions> = {}): Promise<Gateway> {
  const gateway = await startGateway({ routes: testRoutes, invoker, throttling: { rateLimit: 10_000, burstLimit: 10_000 }, ...options });
  running.push(gateway);
  return gateway;
}

/** For afterEach: every gateway a test started goes. */
export async function stopGateways(): Promise<void> {
  await Promise.all(running.splice(0).map((gateway) => gateway.stop()));
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export interface CallOptions {
  /** Name, value, name, value…: repeats are sent as separate header lines. */
  headers?: string[];
  body?: string | Buffer;
}

/** One request on its own connection; Host and Content-Length are added as any client would. */
export function call(gateway: Gateway, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const body = options.body ?? '';
  const headers = ['Host', `127.0.0.1:${gateway.port}`, 'Content-Length', String(Buffer.byteLength(body)), ...(options.headers ?? [])];
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${gateway.url}${path}`, { method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: bytes, text: bytes.toString('utf8') });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}
