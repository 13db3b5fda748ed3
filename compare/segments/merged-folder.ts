/**
 * A run folder whose results are in segments (`segments/<i>-of-<n>/`, from `--segments N`, from
 * runners on a cluster, or from folders brought together): its merged summary written beside them,
 * where every reader of a run finds it.
 */
import { mkdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readReports } from '../reports.ts';
import { reportsFile, type InvocationReport } from '../../formats/report-record.ts';
import type { RunSummary } from '../../formats/summary.ts';
import { mergeSegments } from './merge.ts';
import { segmentFolderName, segmentsDir } from '../../formats/segments.ts';
import { checkedSegments, readSegment, readSegmentFolders } from './segment-folders.ts';

/** Merges the folder's segments into `<dir>/<test>.summary.json`; null when the folder has none. */
export async function writeMergedSummary(dir: string): Promise<{ file: string; summary: RunSummary } | null> {
  const segments = await readSegmentFolders(dir);
  if (!segments) return null;
  const summary = await mergeSegments(segments);
  const file = path.join(dir, `${summary.run.scenario}.summary.json`);
  await writeFile(file, `${JSON.stringify(summary, null, 2)}\n`);
  return { file, summary };
}

/**
 * What a merged run's segments add to it: their raw outputs, in order, with the run's start where
 * its windows begin, and the REPORT records of the run's own folder and of every segment's (a
 * runner that kept the functions' records with its load), each invocation once.
 */
export async function segmentedParts(dir: string, own: Map<string, InvocationReport[]>): Promise<{ raw: { files: string[]; originMs: number } | null; reports: Map<string, InvocationReport[]> }> {
  const segments = await readSegmentFolders(dir);
  if (!segments) return { raw: null, reports: own };
  const seen = new Set([...own.values()].flat().map((report) => report.requestId));
  for (const segment of segments) {
    for (const [name, reports] of await readReports(path.join(segment.dir, reportsFile.dir, reportsFile.name))) {
      const fresh = reports.filter((report) => !seen.has(report.requestId));
      fresh.forEach((report) => seen.add(report.requestId));
      if (fresh.length > 0) own.set(name, [...(own.get(name) ?? []), ...fresh]);
    }
  }
  const originMs = Math.min(...segments.map((segment) => Date.parse(segment.summary.run.startedAt)));
  return { raw: { files: segments.map((segment) => segment.rawFile), originMs }, reports: own };
}

/**
 * Segment folders from wherever they were run (machines of their own, a cluster's runners),
 * brought together under `out/segments/` as links, and merged there: nothing is copied.
 */
export async function linkSegments(folders: readonly string[], out: string): Promise<{ file: string; summary: RunSummary }> {
  const dirs = folders.map((folder) => path.resolve(folder.endsWith('.summary.json') ? path.dirname(folder) : folder));
  const segments = checkedSegments(await Promise.all(dirs.map(readSegment)));
  const root = path.join(out, segmentsDir);
  await mkdir(root, { recursive: true });
  try {
    // Absolute: a relative link resolves from where the link really is, which a symlinked folder on the way changes.
    for (const segment of segments) await symlink(await realpath(segment.dir), path.join(root, segmentFolderName(segment.summary.run.segment)), 'dir');
    return (await writeMergedSummary(out))!;
  } catch (error) {
    // Half a merged folder would refuse the next attempt as one that exists.
    await rm(out, { recursive: true, force: true });
    throw error;
  }
}
