import { describe, expect, it } from 'vitest';
import { bounds, equalSegments, segmentArguments, segmentFolderName, segmentOf } from './segments.ts';

describe('execution segments', () => {
  it('splits a test into equal segments that every instance names the same way', () => {
    const segments = equalSegments(3);
    expect(segments.map((segment) => segment.executionSegment)).toEqual(['0:1/3', '1/3:2/3', '2/3:1']);
    expect(new Set(segments.map((segment) => segment.executionSegmentSequence))).toEqual(new Set(['0,1/3,2/3,1']));
    expect(segmentArguments(segments[1]!)).toEqual(['--execution-segment=1/3:2/3', '--execution-segment-sequence=0,1/3,2/3,1']);
    expect(segments.map(segmentFolderName)).toEqual(['1-of-3', '2-of-3', '3-of-3']);
    expect(() => equalSegments(0)).toThrow('1 to 256 segments, got 0');
  });

  it("knows a segment from k6's options, which k6 writes in lowest terms", () => {
    expect(segmentOf('1/4:1/2', '0,1/4,1/2,3/4,1')).toMatchObject({ index: 2, count: 4 });
    expect(segmentOf('2/4:3/4', '0,1/4,1/2,3/4,1')).toMatchObject({ index: 3, count: 4 });
    expect(segmentOf(null, null)).toBeUndefined();
    // Run without a sequence, k6 still runs the segment: its neighbours are the rest of the whole
    expect(segmentOf('1/2:3/4', undefined)).toMatchObject({ index: 2, count: 3, executionSegmentSequence: '0,1/2,3/4,1' });
    expect(() => segmentOf('1/3:1/2', '0,1/3,2/3,1')).toThrow('is not one of the sequence');
    expect(() => bounds('1/2:1/3')).toThrow('is not an execution segment');
  });
});
