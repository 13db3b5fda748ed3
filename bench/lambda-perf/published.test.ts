import { describe, expect, it } from 'vitest';
import { nearestPublishedRuntime, publishedFigures, publishedFile } from './published.ts';

describe("lambda-perf's figures as kept", () => {
  it('finds a runtime at a size and architecture, with its ten cold starts', () => {
    expect(publishedFigures('rust (prov.al2023)', 128, 'x86_64')?.initMs).toHaveLength(10);
  });

  it('holds every entry as published: its ten Init Durations average to lambda-perf\'s own mean of them', () => {
    for (const entry of publishedFile.runtimeData) {
      expect(entry.i, entry.r).toHaveLength(10);
      expect(entry.i.reduce((sum, ms) => sum + ms, 0) / entry.i.length, entry.r).toBeCloseTo(entry.acd, 2);
    }
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
