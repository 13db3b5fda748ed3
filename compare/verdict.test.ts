import { describe, expect, it } from 'vitest';
import { verdict } from './verdict.ts';

/** Node held against Rust, the reference. */
const pair = { contender: 'node', reference: 'rust' } as const;

describe('verdict lines', () => {
  it('name the winner and the factor, whichever way is better', () => {
    expect(verdict({ ...pair, unit: 'ms', better: 'lower', ratio: 2.5 }, null)).toBe('rust 2.50× faster');
    expect(verdict({ ...pair, unit: 'ms', better: 'lower', ratio: 0.5 }, null)).toBe('node 2.00× faster');
    expect(verdict({ ...pair, unit: 'req/s', better: 'higher', ratio: 1.25 }, null)).toBe('node 1.25× higher');
    expect(verdict({ ...pair, unit: 'MB', better: 'lower', ratio: 8 }, null)).toBe('rust 8.00× less');
  });

  it('claim no difference when the interval spans 1, and carry the interval otherwise', () => {
    expect(verdict({ ...pair, unit: 'ms', better: 'lower', ratio: 1.1 }, { low: 0.9, high: 1.3, method: 'b' })).toBe('no significant difference (95 % CI 0.90–1.30)');
    expect(verdict({ ...pair, unit: 'ms', better: 'lower', ratio: 1.6 }, { low: 1.4, high: 1.8, method: 'b' })).toBe('rust 1.60× faster (95 % CI 1.40–1.80)');
  });

  it('name the better side when one is zero, and call two zeros equal', () => {
    expect(verdict({ ...pair, unit: 'count', better: 'lower', ratio: null, values: { node: 0, rust: 3 } }, null)).toBe('node fewer (one side is zero)');
    expect(verdict({ ...pair, unit: '%', better: 'lower', ratio: null, values: { node: 2.5, rust: 0 } }, null)).toBe('rust lower (one side is zero)');
    expect(verdict({ ...pair, unit: '%', better: 'lower', ratio: 1, values: { node: 0, rust: 0 } }, null)).toBe('equal');
  });

  it('name no winner when the factor shows as 1.00×, with or without an interval', () => {
    // Given ratios that differ from 1 by less than the two decimals shown, either way round
    const ms = { unit: 'ms', better: 'lower' } as const;
    // When their verdicts are written, Then none claims "1.00× faster" or "1.00× cheaper"
    expect(verdict({ ...pair, ...ms, ratio: 1.004 }, null)).toBe('about the same');
    expect(verdict({ ...pair, unit: '$', better: 'lower', ratio: 1 / 1.004 }, null)).toBe('about the same');
    // and an interval that excludes 1 is still carried: real, but too small to show as a factor
    expect(verdict({ ...pair, ...ms, ratio: 1.003 }, { low: 1.001, high: 1.006, method: 'b' })).toBe('about the same (95 % CI 1.00–1.01)');
    expect(verdict({ ...pair, ...ms, ratio: 1.004 }, null, 'no interval: run with RAW=1')).toBe('about the same (no interval: run with RAW=1)');
    // while a factor that shows as 1.01× names its winner
    expect(verdict({ ...pair, ...ms, ratio: 1.006 }, null)).toBe('rust 1.01× faster');
  });

  it('name no winner for a figure that ranks neither side, and say why', () => {
    // Given request rates an open-model test offered: 13 % apart, or none at all on one side
    const offered = { unit: 'req/s', better: null } as const;
    const reason = 'set by the load profile (open model)';
    // When their verdicts are written, Then each is the reason, never "node 1.13× higher"
    expect(verdict({ ...pair, ...offered, ratio: 1.13 }, null, reason)).toBe(reason);
    expect(verdict({ ...pair, ...offered, ratio: null, values: { node: 0, rust: 5.7 } }, null, reason)).toBe(reason);
    // and without a reason it still names no winner
    expect(verdict({ ...pair, ...offered, ratio: 1.13 }, null)).toBe('no winner');
  });

  it('name the sides of the pair they are about, whichever contenders those are', () => {
    // Given Rust held against Node as the reference, and the same ratios
    const flipped = { contender: 'rust', reference: 'node' } as const;
    // When their verdicts are written, Then a ratio above 1 is the reference's win, one below the contender's
    expect(verdict({ ...flipped, unit: 'ms', better: 'lower', ratio: 2.5 }, null)).toBe('node 2.50× faster');
    expect(verdict({ ...flipped, unit: 'ms', better: 'lower', ratio: 0.5 }, null)).toBe('rust 2.00× faster');
    expect(verdict({ ...flipped, unit: 'count', better: 'lower', ratio: null, values: { node: 0, rust: 3 } }, null)).toBe('node fewer (one side is zero)');
  });

  it('say what is missing', () => {
    expect(verdict({ ...pair, unit: 'ms', better: 'lower', ratio: null }, null)).toBe('n/a');
    expect(verdict({ ...pair, unit: 'ms', better: 'lower', ratio: 1.6 }, null, 'no interval: run with RAW=1')).toBe('rust 1.60× faster (no interval: run with RAW=1)');
  });
});
