/**
 * One store call under a deadline, and what its failure means for the data: a store that refused
 * applied nothing; one that did not answer may still apply the call later.
 */

/** The call got no definite answer (no answer by its deadline, a dropped connection, a 5xx): it may still take effect. */
export class OutcomeUnknownError extends Error {
  override name = 'OutcomeUnknownError';

  constructor(operation: string, cause: unknown) {
    super(`${operation} got no definite answer (${summarize(cause)}): it may still take effect`, { cause });
  }
}

/** The deadline had passed before the call was sent: nothing reached the store. */
export class NoTimeLeftError extends Error {
  override name = 'NoTimeLeftError';

  constructor(operation: string) {
    super(`${operation} was not sent: its deadline had passed`);
  }
}

/**
 * Sends the call unless its deadline has passed, and abandons it at the deadline. Rejects with
 * OutcomeUnknownError when the store may still apply it; any other rejection means it did not.
 */
export async function callBy<T>(operation: string, deadline: number, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  const timeLeft = deadline - Date.now();
  if (timeLeft <= 0) throw new NoTimeLeftError(operation);
  // A timer cleared as the call ends: AbortSignal.timeout's would stay pending, with its signal, for
  // the whole budget (seconds) after every call, thousands of them under load.
  const abandon = new AbortController();
  const timer = setTimeout(() => abandon.abort(new Error(`${operation} timed out at its deadline`)), timeLeft);
  try {
    return await send(abandon.signal);
  } catch (error) {
    if (cannotHaveTakenEffect(error)) throw error;
    throw new OutcomeUnknownError(operation, error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * True when the store answered with a refusal (a 4xx) or the connection was refused, so nothing was
 * applied. A timeout, an abort, a dropped connection or a 5xx may have been applied.
 */
export function cannotHaveTakenEffect(error: unknown): boolean {
  const failure = error as { $metadata?: { httpStatusCode?: number }; code?: unknown } | undefined;
  const status = failure?.$metadata?.httpStatusCode;
  if (status !== undefined) return status < 500;
  return failure?.code === 'ECONNREFUSED';
}

/** Name and message only: SDK errors carry request metadata and, stringified whole, can be huge. */
export function summarize(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
