import type { RuntimeReport } from './runtime-api.ts';

/** What a failed invocation or init says it was: Lambda's `errorType` and `errorMessage`. */
export interface RuntimeError {
  errorType: string;
  errorMessage: string;
}

/** Why an environment never became ready; the invocation that asked for it fails with this. */
export class InitFailure extends Error {
  override name = 'InitFailure';
  constructor(
    readonly errorType: string,
    message: string,
    readonly initDurationMs: number,
    readonly maxMemoryUsedMb: number,
  ) {
    super(message);
  }
}

/** A runtime process that died: `reason` is "signal: killed", "exit status 1" and the like. */
export function exitError(reason: string): RuntimeError {
  return { errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with error: ${reason}` };
}

/** The runtime's error body is `{errorType, errorMessage}`; the header may name the type too. */
export function describeError(report: RuntimeReport): RuntimeError {
  let body: { errorType?: unknown; errorMessage?: unknown } = {};
  try {
    body = JSON.parse(report.body) as typeof body;
  } catch {
    // A body that is not JSON still fails the invocation; its type comes from the header.
  }
  return {
    errorType: typeof body.errorType === 'string' ? body.errorType : (report.errorType ?? 'Unhandled'),
    errorMessage: typeof body.errorMessage === 'string' ? body.errorMessage : report.body,
  };
}
