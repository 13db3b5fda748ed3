import { randomFillSync } from 'node:crypto';

/**
 * The ids AWS stamps on what passes through it: API Gateway's request ids, and the X-Ray trace
 * roots that the gateway and Lambda's asynchronous queue start. Random bytes are taken from a pool
 * filled in bulk (as node's own randomUUID does), so the hot path makes no call into OpenSSL per
 * request.
 */
const pool = Buffer.allocUnsafe(4096);
let taken = pool.length;

function randomBytes(size: number): Buffer {
  if (taken + size > pool.length) {
    randomFillSync(pool);
    taken = 0;
  }
  taken += size;
  return pool.subarray(taken - size, taken);
}

/** Same shape as AWS's, e.g. `LV7fzho-PHcEJPw=`: 11 bytes in URL-safe base64 with its padding. */
export function newRequestId(): string {
  return `${randomBytes(11).toString('base64url')}=`;
}

/** An X-Ray trace id root: version 1, the request's epoch seconds in hex, 96 random bits. */
export function newTraceRoot(epochMs: number): string {
  const seconds = Math.floor(epochMs / 1000).toString(16).padStart(8, '0');
  return `1-${seconds}-${randomBytes(12).toString('hex')}`;
}
