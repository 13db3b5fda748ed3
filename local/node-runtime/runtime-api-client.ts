import type { IncomingHttpHeaders } from 'node:http';
import { formatError, type ErrorBody } from './errors.ts';
import { HttpConnection } from './http-connection.ts';
import { runtimeApiPrefix, runtimeHeaders } from '../lambda/runtime-protocol.ts';

/** One invocation as `/next` hands it over: the event still as JSON text. */
export interface NextInvocation {
  headers: IncomingHttpHeaders;
  body: string;
}

const nextPath = `${runtimeApiPrefix}/invocation/next`;

/**
 * The runtime's side of the Runtime API over one kept-alive connection, as the real client keeps
 * one (aws-lambda-nodejs-runtime-interface-client src/client/rapid-client.ts).
 */
export class RuntimeApiClient {
  private readonly connection: HttpConnection;

  /** `address` is AWS_LAMBDA_RUNTIME_API: host and port, no scheme. */
  constructor(address: string) {
    const colon = address.lastIndexOf(':');
    this.connection = new HttpConnection(address.slice(0, colon), Number(address.slice(colon + 1)));
  }

  /** No timeout: `/next` is a long poll that lasts as long as the environment waits for work. */
  async next(): Promise<NextInvocation> {
    const { status, headers, body } = await this.connection.exchange({ method: 'GET', path: nextPath });
    if (status !== 200) throw new Error(`Failed to get next invocation: HTTP ${status}`);
    return { headers, body: body.toString('utf8') };
  }

  postResponse(requestId: string, body: string): Promise<void> {
    return this.post(`${runtimeApiPrefix}/invocation/${encodeURIComponent(requestId)}/response`, body);
  }

  /**
   * No Lambda-Runtime-Function-Error-Type header: the real client posts invocation errors through
   * aws-lambda-cpp's post_failure, which sends none; Lambda reads the type from the body.
   */
  postError(requestId: string, error: unknown): Promise<void> {
    return this.post(`${runtimeApiPrefix}/invocation/${encodeURIComponent(requestId)}/error`, JSON.stringify(formatError(error)));
  }

  /** Init errors do carry the type in Lambda-Runtime-Function-Error-Type. */
  postInitError(error: unknown): Promise<void> {
    const body: ErrorBody = formatError(error);
    return this.post(`${runtimeApiPrefix}/init/error`, JSON.stringify(body), { [runtimeHeaders.functionErrorType]: body.errorType });
  }

  /** Lambda's answer to a post carries nothing the runtime acts on, as with the real client. */
  private async post(path: string, body: string, headers: Record<string, string> = {}): Promise<void> {
    await this.connection.exchange({ method: 'POST', path, headers: { 'Content-Type': 'application/json', ...headers }, body });
  }
}
