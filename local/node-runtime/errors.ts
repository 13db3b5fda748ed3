/**
 * The runtime's own error types and the two shapes errors take on their way out: the body posted to
 * the Runtime API and the tab-prefixed JSON written to the log. Names and shapes follow
 * aws-lambda-nodejs-runtime-interface-client (src/utils/errors.ts, src/utils/error.ts), the
 * client the nodejs24.x runtime runs.
 */

/** A failure the runtime itself names: `Runtime.<kind>`, as Lambda reports it. */
export class RuntimeError extends Error {
  constructor(kind: string, message: string) {
    super(message);
    this.name = `Runtime.${kind}`;
  }
}

/** What the runtime posts for a failed init or invocation (its Runtime API error body). */
export interface ErrorBody {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

export function formatError(error: unknown): ErrorBody {
  if (error instanceof Error) {
    return { errorType: error.name, errorMessage: error.message, trace: error.stack?.split('\n') ?? [] };
  }
  // A thrown string or object: its type is all there is to name it by.
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

export function intoError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The log form: a tab, then the error as JSON with its stack split into lines. */
export function toFormatted(error: Error): string {
  try {
    return `\t${JSON.stringify(error, (_key, value: unknown) => withVisibleFields(value))}`;
  } catch {
    // A circular or unserialisable field must not lose the error itself.
    return `\t${JSON.stringify(formatError(error))}`;
  }
}

/** name, message and stack are not enumerable, so JSON.stringify would drop them. */
function withVisibleFields(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const fields: Record<string, unknown> = { errorType: value.name, errorMessage: value.message, code: (value as { code?: unknown }).code };
  Object.assign(fields, value);
  if (typeof value.stack === 'string') fields.stack = value.stack.split('\n');
  return fields;
}

/** A rejection nobody handled, wrapped as the runtime reports it (message: the reason as text). */
export function unhandledRejection(reason: unknown): RuntimeError {
  const error = new RuntimeError('UnhandledPromiseRejection', String(reason));
  return Object.assign(error, { reason });
}
