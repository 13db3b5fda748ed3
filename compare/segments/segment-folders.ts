/**
 * The segments of one run, each a run folder of its own (`segments/<i>-of-<n>/`: its summary and
 * raw output), found and checked to be one whole test before anything is merged.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { rawOutputNames } from '../../formats/raw-output.ts';
import { bounds, fraction, segmentsDir } from '../../formats/segments.ts';
import type { RunSummary } from '../../formats/summary.ts';
import { badInput, CommandError } from '../../toolchain/command.ts';
import { readSummary, summaryFileOf } from '../summary-file.ts';

export interface SegmentResult {
  dir: string;
  summary: RunSummary & { run: Required<Pick<RunSummary['run'], 'segment'>> };
  rawFile: string;
}

/** The segment folders under a run folder, read and checked; null when it has no `segments/`. */
export async function readSegmentFolders(dir: string): Promise<SegmentResult[] | null> {
  const root = path.join(dir, segmentsDir);
  if (!existsSync(root)) return null;
  const names = (await readdir(root, { withFileTypes: true })).filter((entry) => entry.isDirectory() || entry.isSymbolicLink()).map((entry) => entry.name);
  if (names.length === 0) throw new CommandError(`${where(root)}: no segment folders in it`, badInput);
  return checkedSegments(await Promise.all(names.sort().map((name) => readSegment(path.join(root, name)))));
}

/** The run's raw output in its folder, gzip or plain; undefined when it kept none. */
export function rawOutputIn(dir: string, scenario: RunSummary['run']['scenario']): string | undefined {
  return rawOutputNames(scenario)
    .map((name) => path.join(dir, name))
    .find((file) => existsSync(file));
}

/** One segment's folder: a summary of one segment, and its raw output. */
export async function readSegment(dir: string): Promise<SegmentResult> {
  const summary = await readSummary(await summaryFileOf(dir));
  if (!summary.run.segment) throw new CommandError(`${where(dir)}: a whole run, not one segment of one (several folders are merged as the segments of one run; to hold one run against another, use --baseline)`, badInput);
  const rawFile = rawOutputIn(dir, summary.run.scenario);
  if (!rawFile) throw new CommandError(`${where(dir)}: no raw output (${rawOutputNames(summary.run.scenario).join(' or ')}): a segment's latencies merge only from its raw samples`, badInput);
  return { dir, summary: summary as SegmentResult['summary'], rawFile };
}

/**
 * Segments of one run: one test, one run id, the same load, k6 instances that ran at the same
 * time, and segments that cover the whole test once. Anything else is refused in one line.
 */
export function checkedSegments(segments: SegmentResult[]): SegmentResult[] {
  const [first] = segments;
  if (!first) throw new CommandError('no segments to merge', badInput);
  const differing = (label: string, value: (run: RunSummary['run']) => string) => {
    const values = [...new Set(segments.map((segment) => value(segment.summary.run)))];
    if (values.length > 1) throw new CommandError(`segments of ${label}: ${values.join(' and ')}`, badInput);
  };
  differing('different tests', (run) => run.scenario);
  differing('different runs', (run) => run.id);
  differing('different targets', (run) => `${run.target} ${run.baseUrl}`);
  differing('different loads', (run) => `MODE=${run.mode} RATE=${run.rate} CONTENDERS=${run.contenders.join(',')}`);
  // Only instances given one sequence number the test's iterations alike (a thumbnails run's uploads are picked by that number).
  differing('different --execution-segment-sequence', (run) => sequenceOf(run.segment!.executionSegmentSequence));
  const aborted = segments.find((segment) => segment.summary.run.aborted);
  if (aborted) throw new CommandError(`${where(aborted.dir)}: segment ${aborted.summary.run.segment.executionSegment} ${aborted.summary.run.aborted}: the run is not whole`, badInput);
  checkSimultaneous(segments);
  return checkCoverage(segments);
}

/** Every instance ran the test at the same time as every other: the latest start is before the earliest end. */
function checkSimultaneous(segments: SegmentResult[]): void {
  const latestStart = segments.reduce((latest, segment) => (segment.summary.run.startedAt > latest.summary.run.startedAt ? segment : latest));
  const earliestEnd = segments.reduce((earliest, segment) => (segment.summary.run.endedAt < earliest.summary.run.endedAt ? segment : earliest));
  if (Date.parse(latestStart.summary.run.startedAt) >= Date.parse(earliestEnd.summary.run.endedAt)) {
    throw new CommandError(`segments of different runs: ${where(latestStart.dir)} started at ${latestStart.summary.run.startedAt}, after ${where(earliestEnd.dir)} ended at ${earliestEnd.summary.run.endedAt}`, badInput);
  }
}

/** Sorted by where they start, the segments run from 0 to 1 end to start, each once. */
function checkCoverage(segments: SegmentResult[]): SegmentResult[] {
  const placed = segments.map((segment) => ({ segment, span: bounds(segment.summary.run.segment.executionSegment) })).sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
  let reached = 0;
  for (const { segment, span } of placed) {
    const name = segment.summary.run.segment.executionSegment;
    if (span[0] < reached - 1e-9) throw new CommandError(`segment ${name} (${where(segment.dir)}) overlaps another: a segment given twice?`, badInput);
    if (span[0] > reached + 1e-9) throw new CommandError(`the segments do not cover the test: ${fractionText(reached)}:${fractionText(span[0])} is missing`, badInput);
    reached = span[1];
  }
  if (reached < 1 - 1e-9) throw new CommandError(`the segments do not cover the test: ${fractionText(reached)}:1 is missing`, badInput);
  return placed.map(({ segment }) => segment);
}

/** A sequence with its fractions in lowest terms, as k6 would write it. */
function sequenceOf(sequence: string): string {
  return sequence
    .split(',')
    .map((point) => fractionText(fraction(point)))
    .join(',');
}

/** A fraction as the segments name it, for the message. */
function fractionText(value: number): string {
  for (let denominator = 1; denominator <= 1024; denominator += 1) {
    const numerator = Math.round(value * denominator);
    if (Math.abs(numerator / denominator - value) < 1e-9) return numerator === 0 ? '0' : numerator === denominator ? '1' : `${numerator}/${denominator}`;
  }
  return String(value);
}

function where(dir: string): string {
  return path.relative(process.cwd(), dir) || dir;
}
