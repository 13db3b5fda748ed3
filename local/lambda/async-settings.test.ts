import { describe, expect, it } from 'vitest';
import { asyncInvokeSettings, functionErrorRetryDelayMs, throttleBackoffMs } from './async-settings.ts';

describe('the event invoke configuration', () => {
  it("takes Lambda's defaults where a function sets nothing: 2 retries, six hours", () => {
    expect(asyncInvokeSettings('node')).toEqual({ maximumRetryAttempts: 2, maximumEventAgeSeconds: 21_600 });
    expect(asyncInvokeSettings('node', { maximumRetryAttempts: 0 })).toEqual({ maximumRetryAttempts: 0, maximumEventAgeSeconds: 21_600 });
  });

  it.each([
    [{ maximumRetryAttempts: 3 }, "invalid maximumRetryAttempts for 'node': expected an integer from 0 to 2, got 3"],
    [{ maximumRetryAttempts: 1.5 }, "invalid maximumRetryAttempts for 'node': expected an integer from 0 to 2, got 1.5"],
    [{ maximumEventAgeSeconds: 59 }, "invalid maximumEventAgeSeconds for 'node': expected an integer from 60 to 21600, got 59"],
    [{ maximumEventAgeSeconds: 21_601 }, "invalid maximumEventAgeSeconds for 'node': expected an integer from 60 to 21600, got 21601"],
  ])('refuses %o in one line', (given, message) => {
    expect(() => asyncInvokeSettings('node', given)).toThrow(new Error(message));
  });
});

describe("the queue's waits", () => {
  it('waits 1 minute before the second attempt after a function error, 2 before the third', () => {
    expect([1, 2].map(functionErrorRetryDelayMs)).toEqual([60_000, 120_000]);
  });

  it('backs off a throttled event exponentially from 1 s to at most 5 minutes', () => {
    expect([1, 2, 3, 4, 8, 9, 10, 20].map(throttleBackoffMs)).toEqual([1_000, 2_000, 4_000, 8_000, 128_000, 256_000, 300_000, 300_000]);
  });
});
