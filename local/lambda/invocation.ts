/**
 * What passes between the API Gateway emulation and the Lambda service emulation: an invocation
 * in, one of the outcomes Lambda's Invoke API can have out.
 */

export interface InvocationRequest {
  /** The function's name in functions.config.ts. */
  functionName: string;
  /** The event, already serialised: the runtime receives these bytes as they are. */
  payload: string;
  /** Lambda-Runtime-Trace-Id for the runtime; the gateway makes one per request. */
  traceId: string;
  /** An asynchronous event's id, which Lambda keeps across its attempts; a new one per invocation otherwise. */
  requestId?: string;
}

export type InvocationOutcome =
  /** The runtime posted a response: the function's return value, serialised. */
  | { kind: 'response'; requestId: string; payload: string; coldStart: boolean }
  /** The function threw, the runtime crashed or ran out of memory, or init failed (Lambda's X-Amz-Function-Error). */
  | { kind: 'function-error'; requestId: string; errorType: string; errorMessage: string; coldStart: boolean }
  /** The function ran past its timeout and its environment was killed. */
  | { kind: 'timeout'; requestId: string; timeoutSeconds: number; coldStart: boolean }
  /** No environment could be had within the function's concurrency limit (Lambda's 429 TooManyRequestsException). */
  | { kind: 'throttled' };

export interface Invoker {
  /** Runs one invocation to its end: its own answer, error or timeout. */
  invoke(request: InvocationRequest): Promise<InvocationOutcome>;
}
