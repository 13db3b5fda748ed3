import type { InvocationRequest, Invoker } from '../lambda/invocation.ts';
import { gatewayErrors, integrationResponse, type GatewayResponse } from './response.ts';

/** The integration timeouts an HTTP API accepts; the maximum is its default. */
export const integrationTimeoutRangeMs = { min: 50, max: 30_000 } as const;

/**
 * Invokes the function and maps its outcome. Past `timeoutMs` the client gets 503 and the gateway
 * stops waiting, while the invocation itself runs on, as it does on Lambda.
 */
export function integrate(invoker: Invoker, request: InvocationRequest, timeoutMs: number): Promise<GatewayResponse> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const settle = (response: GatewayResponse) => {
      clearTimeout(timer);
      resolve(response);
    };
    const failed = () => settle(gatewayErrors.internal);
    try {
      invoker.invoke(request).then((outcome) => settle(integrationResponse(outcome)), failed);
    } catch {
      // An invoker that throws at once has failed as surely as one that rejects.
      return failed();
    }
    // Armed once the invoke has begun: a warm environment already has the event by now.
    timer = setTimeout(resolve, timeoutMs, gatewayErrors.unavailable);
    // A pending integration must not keep a stopped stand-in's process alive.
    timer.unref();
  });
}
