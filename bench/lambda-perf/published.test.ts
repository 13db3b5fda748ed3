import { describe, expect, it } from 'vitest';
import { nearestPublishedRuntime, publishedFigures } from './published.ts';

describe("lambda-perf's figures as kept", () => {
  it('finds a runtime at a size and architecture, with its ten cold starts', () => {
    const figures = publishedFigures('rust (prov.al2023)', 128, 'x86_64');
    expect(figures?.initMs).toHaveLength(10);
    // lambda-perf's own mean of them (its `acd`, 16.815): the copy is the published one.
    expect(figures!.initMs.reduce((sum, ms) => sum + ms, 0) / 10).toBeCloseTo(16.815, 3);
  });

  it('has nothing for a size it does not measure', () => {
    expect(publishedFigures('nodejs24.x', 3008, 'arm64')).toBeUndefined();
  });

  it("names the newest published runtime of a deployed one's family, never a newer one", () => {
    expect(nearestPublishedRuntime('python3.15')).toBe('python3.14');
    expect(nearestPublishedRuntime('python3.11')).toBe('python3.11');
    expect(nearestPublishedRuntime('nodejs24.x')).toBe('nodejs24.x');
    expect(nearestPublishedRuntime('provided.al2023')).toBeUndefined();
  });
});
