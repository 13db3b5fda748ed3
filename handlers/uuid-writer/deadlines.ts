/**
 * How an invocation's remaining time is shared out, so the function always answers before Lambda
 * ends it: the writes give up in time to take the object back, and that gives up in time to answer.
 */

/** Kept after the last store call, for the log line and the answer. */
export const answerReserveMs = 500;

/** Kept after the writes, for the DeleteObject that takes back an object whose item failed. */
export const cleanupReserveMs = 1_000;

/** Epoch milliseconds by which each kind of store call must have answered. */
export interface Deadlines {
  /** PutObject and PutItem. */
  writes: number;
  /** The compensating DeleteObject. */
  cleanup: number;
}

export function deadlinesFor(remainingMs: number, now: number = Date.now()): Deadlines {
  const end = now + remainingMs;
  return { writes: end - answerReserveMs - cleanupReserveMs, cleanup: end - answerReserveMs };
}
