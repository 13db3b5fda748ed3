/**
 * How both SDK clients connect, time out and retry, whatever time the invocation has left: one slow
 * attempt must not use up the budget, and a retry must never hide whether a write took effect.
 */
import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types';
import { cannotHaveTakenEffect } from './store-call.ts';

export const connectTimeoutMs = 1_000;
/** One request and its answer; the stores' local servers and AWS answer in milliseconds. */
export const attemptTimeoutMs = 3_000;
export const maxAttempts = 3;
/** Full-jitter exponential backoff from this base, as the SDK's standard mode. */
const backoffBaseMs = 100;

export const clientSettings = {
  maxAttempts,
  requestHandler: { connectionTimeout: connectTimeoutMs, requestTimeout: attemptTimeoutMs, throwOnRequestTimeout: true },
  retryStrategy: retryOnlyWhatCannotHaveTakenEffect(),
};

/**
 * Retries an attempt only when it cannot have taken effect (refused or throttled), so the last
 * attempt's error tells the call's outcome: an attempt that may have been applied is never
 * followed by one whose refusal would hide it.
 */
function retryOnlyWhatCannotHaveTakenEffect(): RetryStrategyV2 {
  return {
    acquireInitialRetryToken: async () => token(0, 0),
    refreshRetryTokenForRetry: async (previous: RetryToken, { error, errorType }: RetryErrorInfo) => {
      const retries = previous.getRetryCount() + 1;
      const transient = errorType === 'THROTTLING' || errorType === 'TRANSIENT';
      // Rejecting ends the call with the last attempt's error.
      if (retries >= maxAttempts || !transient || !cannotHaveTakenEffect(error)) throw error;
      return token(retries, Math.random() * backoffBaseMs * 2 ** (retries - 1));
    },
    recordSuccess: () => undefined,
  };
}

function token(retryCount: number, delayMs: number): RetryToken {
  return { getRetryCount: () => retryCount, getRetryDelay: () => delayMs };
}
