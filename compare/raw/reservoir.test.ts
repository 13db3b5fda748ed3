import { describe, expect, it } from 'vitest';
import { Reservoir } from './reservoir.ts';

describe('a reservoir sample', () => {
  it('keeps every value while there are fewer than it holds', () => {
    const reservoir = new Reservoir(10);
    [3, 1, 2].forEach((value) => reservoir.add(value));
    expect([...reservoir.values()]).toEqual([3, 1, 2]);
  });

  it('is uniform over a long stream: each tenth of it is a tenth of the sample', () => {
    // Given a million values in order, so that a sample biased to the start or the end would show
    const reservoir = new Reservoir(20_000);
    for (let i = 0; i < 1_000_000; i += 1) reservoir.add(i);
    const sample = reservoir.values();
    // Then each decile of the stream holds 10 % ± 0.7 % (over 3 standard deviations) of the sample
    expect(sample.length).toBe(20_000);
    const deciles = new Array<number>(10).fill(0);
    sample.forEach((value) => (deciles[Math.floor(value / 100_000)]! += 1));
    for (const count of deciles) expect(Math.abs(count / 20_000 - 0.1)).toBeLessThan(0.007);
    expect(new Set(sample).size).toBe(20_000);
  });

  it('is the same sample for the same seed, another for another', () => {
    const sampleOf = (seed: number) => {
      const reservoir = new Reservoir(100, seed);
      for (let i = 0; i < 10_000; i += 1) reservoir.add(i);
      return [...reservoir.values()];
    };
    expect(sampleOf(1)).toEqual(sampleOf(1));
    expect(sampleOf(2)).not.toEqual(sampleOf(1));
  });
});
