/**
 * A test split across k6 instances by execution segments (`--segments N` here, k6-operator's
 * `parallelism` on a cluster): how the N segments are named to k6 and where each one's results go.
 * Pure functions: the k6 scripts bundle this file, the runner, the merge and the manifests import it.
 */

/** One of N equal segments, 1-based, as k6 is told it and as the summary records it. */
export interface Segment {
  index: number;
  count: number;
  /** k6's `--execution-segment`, e.g. `1/3:2/3`. */
  executionSegment: string;
  /** k6's `--execution-segment-sequence`, the same for every instance, e.g. `0,1/3,2/3,1`. */
  executionSegmentSequence: string;
}

/** A segmented run's folder holds one folder per segment under this one, each a run folder of its own. */
export const segmentsDir = 'segments';

/** The most segments a run takes: k6-operator's own examples stop at tens, and each local one is a k6 process. */
export const maxSegments = 256;

/** The N equal segments of a test, in order. */
export function equalSegments(count: number): Segment[] {
  if (!Number.isInteger(count) || count < 1 || count > maxSegments) throw new RangeError(`a test splits into 1 to ${maxSegments} segments, got ${count}`);
  const at = (i: number) => (i === 0 ? '0' : i === count ? '1' : `${i}/${count}`);
  const executionSegmentSequence = Array.from({ length: count + 1 }, (_, i) => at(i)).join(',');
  return Array.from({ length: count }, (_, i) => ({ index: i + 1, count, executionSegment: `${at(i)}:${at(i + 1)}`, executionSegmentSequence }));
}

/** The flags that make one k6 instance run its segment of the whole. */
export function segmentArguments(segment: Segment): string[] {
  return [`--execution-segment=${segment.executionSegment}`, `--execution-segment-sequence=${segment.executionSegmentSequence}`];
}

/** `2-of-3`: a segment's folder under `segments/`, and its results' prefix on S3. */
export function segmentFolderName(segment: Pick<Segment, 'index' | 'count'>): string {
  return `${segment.index}-of-${segment.count}`;
}

/**
 * The segment k6 is running, from what it was given (`exec.test.options`): undefined for a test
 * run whole. k6 writes fractions in lowest terms (`1/4:1/2`), so they are compared as numbers.
 * Without a sequence (k6 runs a segment without one, though its iteration numbers are then its
 * own) the sequence is the segment's ends and the whole's.
 */
export function segmentOf(executionSegment: string | null | undefined, executionSegmentSequence: string | null | undefined): Segment | undefined {
  if (!executionSegment) return undefined;
  const [start, end] = bounds(executionSegment);
  const sequence = executionSegmentSequence || [...new Set(['0', ...executionSegment.split(':'), '1'])].join(',');
  const points = sequence.split(',').map(fraction);
  const index = points.findIndex((point) => point === start);
  if (index < 0 || points[index + 1] !== end) throw new Error(`execution segment ${executionSegment} is not one of the sequence ${sequence}`);
  return { index: index + 1, count: points.length - 1, executionSegment, executionSegmentSequence: sequence };
}

/** A segment's start and end, as fractions of the whole. */
export function bounds(executionSegment: string): [number, number] {
  const ends = executionSegment.split(':').map(fraction);
  if (ends.length !== 2 || !(ends[0]! >= 0 && ends[0]! < ends[1]! && ends[1]! <= 1)) throw new Error(`'${executionSegment}' is not an execution segment (from:to, fractions of 1)`);
  return ends as [number, number];
}

/** `1/3` as a number; NaN for what is not a fraction. */
export function fraction(text: string): number {
  const [numerator, denominator = '1', extra] = text.trim().split('/');
  return extra === undefined && /^\d+$/.test(numerator!) && /^\d+$/.test(denominator) ? Number(numerator) / Number(denominator) : Number.NaN;
}
