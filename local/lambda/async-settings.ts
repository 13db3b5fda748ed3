/**
 * A function's asynchronous invocation configuration (PutFunctionEventInvokeConfig) and the waits
 * Lambda's internal queue keeps between attempts, as AWS documents them
 * (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async.html,
 * https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html).
 */

export interface AsyncInvokeSettings {
  /** Attempts after the first on a function error: 0 to 2. */
  maximumRetryAttempts: number;
  /** How long an event may wait in the queue, from its Invoke: 60 to 21,600 s. */
  maximumEventAgeSeconds: number;
}

/** "By default, Lambda retries an asynchronous invocation twice … retains events in a queue for up to six hours." */
export const asyncInvokeDefaults: AsyncInvokeSettings = { maximumRetryAttempts: 2, maximumEventAgeSeconds: 21_600 };

/** The API's valid ranges. */
export const asyncInvokeRanges: Record<keyof AsyncInvokeSettings, { min: number; max: number }> = {
  maximumRetryAttempts: { min: 0, max: 2 },
  maximumEventAgeSeconds: { min: 60, max: 21_600 },
};

/** The settings for a function, Lambda's defaults where unset; a value out of range throws one line. */
export function asyncInvokeSettings(functionName: string, given: Partial<AsyncInvokeSettings> = {}): AsyncInvokeSettings {
  const settings = { ...asyncInvokeDefaults, ...given };
  for (const key of Object.keys(asyncInvokeRanges) as Array<keyof AsyncInvokeSettings>) {
    const { min, max } = asyncInvokeRanges[key];
    const value = settings[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`invalid ${key} for '${functionName}': expected an integer from ${min} to ${max}, got ${String(value)}`);
    }
  }
  return settings;
}

/** "a one-minute wait between the first two attempts, and two minutes between the second and third". */
export function functionErrorRetryDelayMs(failedAttempts: number): number {
  return failedAttempts <= 1 ? 60_000 : 120_000;
}

/**
 * After a throttle (429) or a system error (500-series) the event goes back to the queue: "The
 * retry interval increases exponentially from 1 second after the first attempt to a maximum of
 * 5 minutes." Doubling, as AWS does not say the base.
 */
export function throttleBackoffMs(consecutiveThrottles: number): number {
  return Math.min(1_000 * 2 ** Math.max(consecutiveThrottles - 1, 0), 300_000);
}
