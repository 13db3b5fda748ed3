/**
 * A loopback HTTP proxy in front of versitygw that the functions' S3 calls go through, because
 * versitygw's events carry no request header and S3's carry the writer's X-Ray trace: each
 * object write's X-Amzn-Trace-Id (which the SDKs send from inside a function) is kept in
 * `WriteTraces` for the event of that write. Everything else passes as it came: the request line,
 * every header in its order and spelling (Host among them, so SigV4 verifies against the same
 * values the client signed), the body streamed both ways without buffering, `100 Continue` when
 * versitygw sends it, and keep-alive connections on both sides.
 */
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { listenOnLoopback } from './loopback-server.ts';
import type { ObjectWrite, WriteTraces } from './write-traces.ts';

export interface S3TraceProxy {
  /** The endpoint to give the functions as AWS_ENDPOINT_URL_S3. */
  url: string;
  /** Closes the listener and every connection; safe to call twice. */
  stop(): Promise<void>;
}

/** Query parameters of a plain object write: SDK v3's operation tag, a presigned URL's signature and the headers it hoists. */
const plainWriteParameter = /^(x-id|x-amz-.*)$/i;

/** Listens on a free loopback port, forwarding to the S3 server at `upstream`. */
export async function startS3TraceProxy(upstream: string, traces: WriteTraces): Promise<S3TraceProxy> {
  const target = new URL(upstream);
  const agent = new Agent({ keepAlive: true });
  const forward = (request: IncomingMessage, response: ServerResponse): void => {
    const write = objectWrite(request);
    const kept = write && traces.begin(write.bucket, write.key, write.traceHeader);
    const toS3 = httpRequest({
      host: target.hostname,
      port: target.port,
      method: request.method,
      path: request.url,
      // An array is written as it is: no Host of the proxy's own, no header renamed or merged.
      headers: request.rawHeaders,
      agent,
    });
    toS3.on('continue', () => response.writeContinue());
    toS3.on('response', (fromS3) => {
      if (kept && fromS3.statusCode !== 200) traces.forget(kept);
      response.writeHead(fromS3.statusCode ?? 502, fromS3.statusMessage, fromS3.rawHeaders);
      pipeline(fromS3, response, () => undefined);
    });
    toS3.on('error', () => {
      if (kept) traces.forget(kept);
      if (response.headersSent) response.destroy();
      else response.writeHead(502).end();
    });
    // A caller that goes away before its answer takes its request to S3 with it.
    response.on('close', () => {
      if (!response.writableFinished) toS3.destroy();
    });
    pipeline(request, toS3, () => undefined);
  };
  const server = createServer(forward);
  // Without this Node answers `100 Continue` itself; with it, versitygw decides, as without the proxy.
  server.on('checkContinue', forward);
  const listening = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${listening.port}`,
    async stop() {
      await listening.stop();
      agent.destroy();
    },
  };
}

/**
 * A PutObject or CopyObject in path style, `PUT /<bucket>/<key>`, with the trace it was sent
 * under; not a part of a multipart upload or a write of an object's tags, ACL or retention,
 * which name a subresource in the query and make no object.
 */
function objectWrite(request: IncomingMessage): ObjectWrite | undefined {
  const traceHeader = request.headers['x-amzn-trace-id'];
  if (request.method !== 'PUT' || typeof traceHeader !== 'string') return undefined;
  const url = new URL(request.url ?? '/', 'http://proxy');
  if ([...url.searchParams.keys()].some((name) => !plainWriteParameter.test(name))) return undefined;
  const [, bucket = '', ...rest] = url.pathname.split('/');
  const key = rest.join('/');
  if (!bucket || !key) return undefined;
  try {
    return { bucket: decodeURIComponent(bucket), key: decodeURIComponent(key), traceHeader };
  } catch {
    // Not percent-encoding S3 would read: versitygw refuses the request, and no event comes.
    return undefined;
  }
}
