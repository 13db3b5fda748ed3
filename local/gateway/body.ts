import type { IncomingMessage } from 'node:http';

/** An HTTP API's payload limit. */
export const maxBodyBytes = 10 * 1024 * 1024;

export const noBody = Buffer.alloc(0);

/**
 * False for a request with neither a length nor chunked framing, which has no body (RFC 9112
 * §6.3), or a zero length. With nothing to wait for, such a request goes to the function in the
 * turn it arrived in; node drains its empty stream after the answer.
 */
export function hasBody(request: IncomingMessage): boolean {
  const declared = request.headers['content-length'];
  return declared === undefined ? request.headers['transfer-encoding'] !== undefined : declared !== '0';
}

/** The whole request body, or undefined when it is larger than `limit` bytes. */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = request.headers['content-length'];
  // A declared size over the limit is refused before a byte of it is read.
  if (Number(declared) > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks, size)));
    request.on('close', () => {
      if (!request.complete) reject(new Error('the client closed the connection before the body ended'));
    });
  });
}
