import { describe, expect, it } from 'vitest';
import { billedDurationMs } from './report.ts';

describe('billed duration', () => {
  it('bills a cold start for its init too, rounded up to the millisecond', () => {
    expect(billedDurationMs(1.01, undefined)).toBe(2);
    expect(billedDurationMs(10, 100.2)).toBe(111);
  });
});
