import { Agent, request, type IncomingHttpHeaders, type RequestOptions } from 'node:http';
import { formatError, type ErrorBody } from './errors.ts';
import { runtimeApiPrefix, runtimeHeaders } from '../lambda/runtime-protocol.ts';

/** One invocation as `/next` hands it over: the event still as JSON text. */
export interface NextInvocation {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * The runtime's side of the Runtime API over one kept-alive connection, as the real client keeps
 * one (aws-lambda-nodejs-runtime-interface-client src/client/rapid-client.ts: an Agent with
 * keepAlive and maxSockets 1).
 */
export class RuntimeApiClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly host: string;
  private readonly port: number;
  private readonly nextOptions: RequestOptions;

  /** `address` is AWS_LAMBDA_RUNTIME_API: host and port, no scheme. */
  constructor(address: string) {
    const colon = address.lastIndexOf(':');
    this.host = address.slice(0, colon);
    this.port = Number(address.slice(colon + 1));
    // No timeout: `/next` is a long poll that lasts as long as the environment waits for work.
    this.nextOptions = { host: this.host, port: this.port, path: `${runtimeApiPrefix}/invocation/next`, agent: this.agent };
  }

  next(): Promise<NextInvocation> {
    return new Promise((resolve, reject) => {
      request(this.nextOptions, (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          reject(new Error(`Failed to get next invocation: HTTP ${response.statusCode}`));
          return;
        }
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ headers: response.headers, body }));
      })
        .on('error', reject)
        .end();
    });
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
  private post(path: string, body: string, headers: Record<string, string> = {}): Promise<void> {
    return new Promise((resolve, reject) => {
      const options: RequestOptions = {
        host: this.host,
        port: this.port,
        path,
        method: 'POST',
        agent: this.agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers },
      };
      request(options, (response) => {
        response.on('end', resolve);
        response.resume();
      })
        .on('error', reject)
        .end(body);
    });
  }
}
