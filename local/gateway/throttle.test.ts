import { describe, expect, it } from 'vitest';
import { CommandError } from '../../toolchain/command.ts';
import { TokenBucket } from './throttle.ts';

/** A bucket on a clock the test moves by hand. */
function bucketAt(settings: { rateLimit: number; burstLimit: number }) {
  const clock = { ms: 0 };
  return { bucket: new TokenBucket(settings, () => clock.ms), clock };
}

function takes(bucket: TokenBucket, count: number): number {
  return Array.from({ length: count }, () => bucket.take()).filter(Boolean).length;
}

describe('the stage token bucket', () => {
  it('lets a full burst through at once, then nothing more in the same instant', () => {
    const { bucket } = bucketAt({ rateLimit: 100, burstLimit: 5 });
    expect(takes(bucket, 8)).toBe(5);
  });

  it('refills at the steady rate', () => {
    // Given an empty bucket of 100 requests per second
    const { bucket, clock } = bucketAt({ rateLimit: 100, burstLimit: 5 });
    takes(bucket, 5);

    // When 30 ms pass
    clock.ms += 30;

    // Then 3 more requests get through
    expect(takes(bucket, 5)).toBe(3);
  });

  it('never holds more than the burst, however long it idles', () => {
    const { bucket, clock } = bucketAt({ rateLimit: 1_000, burstLimit: 4 });
    clock.ms += 60_000;
    expect(takes(bucket, 10)).toBe(4);
  });

  it('refuses limits that are not numbers', () => {
    expect(() => new TokenBucket({ rateLimit: Number.NaN, burstLimit: 10 })).toThrow(CommandError);
  });
});
