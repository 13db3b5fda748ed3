import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RequestTarget } from './request-target.ts';
import { localAccountId } from '../defaults.ts';

/** The stand-in API's id, as an HTTP API in an AWS account has one. */
const apiId = 'lambdaduel';

export interface EventSource {
  request: IncomingMessage;
  target: RequestTarget;
  body: Buffer;
  routeKey: string;
  requestId: string;
  traceRoot: string;
  timeEpoch: number;
}

/** The payload format 2.0 event, field for field as an HTTP API builds it for a Lambda integration. */
export function buildEvent({ request, target, body, routeKey, requestId, traceRoot, timeEpoch }: EventSource): APIGatewayProxyEventV2 {
  const sourceIp = ipv4Form(request.socket.remoteAddress ?? '');
  const { headers, cookies } = splitHeaders(request.rawHeaders);
  addProxyHeaders(headers, { sourceIp, port: request.socket.localPort ?? 0, traceRoot });
  const domainName = headers.host ?? '';
  const queryStringParameters = queryParameters(target.query);
  const isBase64Encoded = body.length > 0 && !isTextMediaType(headers['content-type']);
  return {
    version: '2.0',
    routeKey,
    rawPath: target.path,
    rawQueryString: target.query,
    ...(cookies && { cookies }),
    headers,
    ...(queryStringParameters && { queryStringParameters }),
    requestContext: {
      accountId: localAccountId,
      apiId,
      domainName,
      domainPrefix: domainName.split(labelEnd, 1)[0] ?? '',
      http: {
        method: request.method ?? '',
        path: target.path,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: requestTime(timeEpoch),
      timeEpoch,
    },
    ...(body.length > 0 ? { body: body.toString(isBase64Encoded ? 'base64' : 'utf8') } : {}),
    isBase64Encoded,
  };
}

const labelEnd = /[.:]/;

/**
 * Header names lower-cased, repeats joined with a comma; Cookie headers go to `cookies` instead,
 * one entry per cookie, and are left out of `headers`. Null-prototype, so a header named like an
 * Object.prototype member cannot be mistaken for one already seen.
 */
function splitHeaders(rawHeaders: string[]): { headers: Record<string, string>; cookies?: string[] } {
  const headers: Record<string, string> = Object.create(null);
  let cookies: string[] | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = rawHeaders[i + 1]!;
    if (name === 'cookie') {
      cookies ??= [];
      for (const cookie of value.split(';')) if (cookie.trim()) cookies.push(cookie.trim());
    } else {
      const seen = headers[name];
      headers[name] = seen === undefined ? value : `${seen},${value}`;
    }
  }
  return cookies ? { headers, cookies } : { headers };
}

/** What the gateway adds on its way to the integration, as seen in captured events. */
function addProxyHeaders(headers: Record<string, string>, via: { sourceIp: string; port: number; traceRoot: string }): void {
  const forwarded = headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwarded ? `${forwarded}, ${via.sourceIp}` : via.sourceIp;
  headers['x-forwarded-port'] = String(via.port);
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] = `Root=${via.traceRoot}`;
}

/** Decoded values (`+` as a space, as in any query string); repeated keys joined with a comma. */
function queryParameters(query: string): Record<string, string> | undefined {
  if (query === '') return undefined;
  let parameters: Record<string, string> | undefined;
  for (const [key, value] of new URLSearchParams(query)) {
    parameters ??= Object.create(null) as Record<string, string>;
    const seen = parameters[key];
    parameters[key] = seen === undefined ? value : `${seen},${value}`;
  }
  return parameters;
}

/**
 * HTTP APIs have no binary media type setting: they pass the body as text only for these media
 * types and base64-encode every other body, a missing Content-Type and form posts included.
 */
const textMediaTypes = new Set(['application/json', 'application/xml', 'application/javascript']);

function isTextMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const end = contentType.indexOf(';');
  const mediaType = (end === -1 ? contentType : contentType.slice(0, end)).trim().toLowerCase();
  return mediaType.startsWith('text/') || textMediaTypes.has(mediaType);
}

function ipv4Form(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Requests come in thousands per second; the text changes once a second. */
let cachedSecond = Number.NaN;
let cachedTime = '';

/** `12/Mar/2020:19:03:58 +0000`, in UTC. */
function requestTime(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second !== cachedSecond) {
    const date = new Date(second * 1000);
    const pad = (n: number) => String(n).padStart(2, '0');
    cachedTime =
      `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
      `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
    cachedSecond = second;
  }
  return cachedTime;
}
