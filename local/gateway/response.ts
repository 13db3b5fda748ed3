import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { InvocationOutcome } from '../lambda/invocation.ts';

/** What the gateway answers the client. */
export interface GatewayResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: string | Buffer;
}

const jsonContentType = { 'content-type': 'application/json' } as const;

function gatewayError(status: number, message: string): GatewayResponse {
  return { status, headers: jsonContentType, body: JSON.stringify({ message }) };
}

/** The responses the gateway makes itself, with an HTTP API's exact bodies. */
export const gatewayErrors = {
  notFound: gatewayError(404, 'Not Found'),
  tooLarge: gatewayError(413, 'Request Entity Too Large'),
  tooManyRequests: gatewayError(429, 'Too Many Requests'),
  /** A function error or timeout, an invoke Lambda rejected, or a response it cannot read. */
  internal: gatewayError(500, 'Internal Server Error'),
  /** The integration timeout passed before Lambda answered. */
  unavailable: gatewayError(503, 'Service Unavailable'),
};

export function jsonResponse(status: number, value: unknown): GatewayResponse {
  return { status, headers: jsonContentType, body: JSON.stringify(value) };
}

/** Maps what Lambda's Invoke returned to the client's response, as payload format 2.0 does. */
export function integrationResponse(outcome: InvocationOutcome): GatewayResponse {
  return (outcome.kind === 'response' && fromPayload(outcome.payload)) || gatewayErrors.internal;
}

/**
 * A JSON object with a `statusCode` describes the response. Any other valid JSON is the body of a
 * 200 application/json response, a JSON string by its value (AWS's own examples:
 * `"Hello from Lambda!"` becomes the body `Hello from Lambda!`), anything else as returned.
 */
function fromPayload(payload: string): GatewayResponse | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (isRecord(value) && 'statusCode' in value) return described(value);
  return { status: 200, headers: jsonContentType, body: typeof value === 'string' ? value : payload };
}

/** Node computes these from the body it sends; a function's own would corrupt the framing. */
const framingHeaders = new Set(['content-length', 'transfer-encoding', 'connection']);

/** Undefined when a field has the wrong type, which makes API Gateway answer 500. */
function described(response: Record<string, unknown>): GatewayResponse | undefined {
  const { statusCode, headers, cookies, body, isBase64Encoded } = response;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return undefined;
  if (body != null && typeof body !== 'string') return undefined;
  const out: Record<string, string | string[]> = {};
  if (headers != null) {
    if (!isRecord(headers)) return undefined;
    for (const [name, value] of Object.entries(headers)) {
      const header = headerField(name, value);
      if (!header) return undefined;
      if (!framingHeaders.has(header[0])) out[header[0]] = header[1];
    }
  }
  if (cookies != null) {
    if (!Array.isArray(cookies) || !cookies.every((cookie) => typeof cookie === 'string' && headerField('set-cookie', cookie))) return undefined;
    // Each cookie becomes its own Set-Cookie header, ahead of one the function set in `headers`.
    const fromHeaders = out['set-cookie'];
    if (cookies.length > 0) out['set-cookie'] = fromHeaders === undefined ? cookies : cookies.concat(fromHeaders);
  }
  const text = body ?? '';
  return { status: statusCode, headers: out, body: isBase64Encoded === true ? Buffer.from(text, 'base64') : text };
}

/** A header as node will accept it, or undefined: a value node would refuse is a malformed response. */
function headerField(name: string, value: unknown): [string, string] | undefined {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
  const field: [string, string] = [name.toLowerCase(), String(value)];
  try {
    validateHeaderName(field[0]);
    validateHeaderValue(field[0], field[1]);
  } catch {
    return undefined;
  }
  return field;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
