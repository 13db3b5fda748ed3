import type { InvocationRequest, Invoker } from '../lambda/invocation.ts';
import { gatewayErrors, integrationResponse, type GatewayResponse } from './response.ts';

/** The integration timeouts an HTTP API accepts; the maximum is its default. */
export const integrationTimeoutRangeMs = { min: 50, max: 30_000 } as const;

/**
 * Invokes the function and maps its outcome. Past `timeoutMs` the client gets 503 and the wait is
 * aborted, while the invocation itself runs on, as it does on Lambda.
 */
export async function integrate(invoker: Invoker, request: InvocationRequest, timeoutMs: number): Promise<GatewayResponse> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(undefined);
    }, timeoutMs);
    // A pending integration must not keep a stopped stand-in's process alive.
    timer.unref();
  });
  try {
    const outcome = await Promise.race([invoker.invoke(request, controller.signal), timedOut]);
    return outcome ? integrationResponse(outcome) : gatewayErrors.unavailable;
  } catch {
    // An invoker may reject on the abort itself: that is the timeout, not a failed invocation.
    return controller.signal.aborted ? gatewayErrors.unavailable : gatewayErrors.internal;
  } finally {
    clearTimeout(timer);
  }
}
