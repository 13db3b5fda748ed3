import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Invoker } from '../lambda/invocation.ts';
import { adminResponse, type Admin } from './admin.ts';
import { hasBody, maxBodyBytes, noBody, readBody } from './body.ts';
import { buildEvent } from './event.ts';
import { newRequestId, newTraceRoot } from '../aws-ids.ts';
import { integrate } from './integration.ts';
import { parseTarget } from './request-target.ts';
import { gatewayErrors, type GatewayResponse } from './response.ts';
import type { RouteTable } from './routes.ts';

export interface HandlerContext {
  routes: RouteTable;
  invoker: Invoker;
  integrationTimeoutMs: number;
  admin?: Admin;
}

/** One request through the stage: route, throttle, read the body, invoke, answer. */
export function requestHandler(context: HandlerContext): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    handle(context, request, response).catch(() => {
      if (!response.headersSent) send(response, gatewayErrors.internal);
    });
  };
}

async function handle(context: HandlerContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const timeEpoch = Date.now();
  const requestId = newRequestId();
  // Set first, so every answer carries it, whichever path below makes it.
  response.setHeader('apigw-requestid', requestId);
  const method = request.method ?? '';
  const target = parseTarget(request.url ?? '/');
  const route = context.routes.match(method, target.path);
  if (!route) return send(response, (await adminResponse(context.admin, method, target.path)) ?? gatewayErrors.notFound);
  if (!route.throttle.take()) return send(response, gatewayErrors.tooManyRequests);
  const body = hasBody(request) ? await readBody(request, maxBodyBytes) : noBody;
  if (!body) return send(response, gatewayErrors.tooLarge);
  const traceRoot = newTraceRoot(timeEpoch);
  const event = buildEvent({ request, target, body, routeKey: route.routeKey, requestId, traceRoot, timeEpoch });
  const invocation = { functionName: route.functionName, payload: JSON.stringify(event), traceId: `Root=${traceRoot};Sampled=0` };
  send(response, await integrate(context.invoker, invocation, context.integrationTimeoutMs));
}

function send(response: ServerResponse, { status, headers, body }: GatewayResponse): void {
  // Headers are out before the body, so without a length node would fall back to chunked encoding.
  response.setHeader('content-length', Buffer.byteLength(body));
  response.writeHead(status, headers).end(body);
}
