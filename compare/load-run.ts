import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { contenderNames, thumbnailers, type ContenderName, type PerContender } from '../functions.config.ts';
import { artifactsFile, type Artifact, type Artifacts } from '../formats/artifacts.ts';
import type { RuntimeNote } from '../formats/comparison.ts';
import type { PackageSizes } from './compare-run.ts';
import { reconciliationFileName, type Reconciliation } from '../formats/reconciliation.ts';
import type { RunSummary } from '../formats/summary.ts';
import { CommandError } from '../toolchain/command.ts';
import { reportsFile, type InvocationReport } from '../formats/report-record.ts';
import { readReports } from './reports.ts';
import { badInput } from '../toolchain/command.ts';
import { readSummary, summaryFileOf } from './summary-file.ts';
import { segmentedParts } from './segments/merged-folder.ts';
import { rawOutputIn } from './segments/segment-folders.ts';
import { thumbnailPipelineFile, type ThumbnailPipeline } from '../formats/thumbnail-pipeline.ts';

/** Everything one run left in its folder, found from the folder or its summary file. */
export interface LoadedRun {
  dir: string;
  summary: RunSummary;
  reports: Map<string, InvocationReport[]>;
  /** k6's raw output, one file or a segmented run's several, and where its time windows start (the run's start, for segments). */
  raw: { files: string[]; originMs?: number } | null;
  packageSizes: PerContender<PackageSizes> | null;
  /** The contenders the build recorded as running locally on another version than deployed. */
  runtimes: PerContender<RuntimeNote>;
  /** What the stores held after the run; null for runs that were not reconciled. */
  reconciliation: Reconciliation | null;
  /** A thumbnails run's: what every upload became; null for the API tests. */
  pipeline: ThumbnailPipeline | null;
}

/** A results folder (holding one `<test>.summary.json`) or a summary file. */
export async function loadRun(input: string): Promise<LoadedRun> {
  const summaryFile = await summaryFileOf(input);
  const dir = path.dirname(summaryFile);
  const summary = await readSummary(summaryFile);
  const rawFile = rawOutputIn(dir, summary.run.scenario);
  const ownReports = await readReports(path.join(dir, reportsFile.dir, reportsFile.name));
  const { raw, reports } = summary.run.segments === undefined ? { raw: rawFile ? { files: [rawFile] } : null, reports: ownReports } : await segmentedParts(dir, ownReports);
  const artifacts = await readJson<Artifacts>(path.join(dir, artifactsFile));
  // A contender's function in a thumbnails run is its thumbnailer, and so are its package and runtime.
  const functionOf = (name: ContenderName) => (summary.run.scenario === 'thumbnails' ? thumbnailers[name].name : name);
  return {
    dir,
    summary,
    reports,
    raw,
    packageSizes: artifacts && packageSizes(artifacts, functionOf),
    runtimes: artifacts ? runtimes(artifacts, functionOf) : {},
    reconciliation: await readJson<Reconciliation>(path.join(dir, reconciliationFileName(summary.run.scenario))),
    pipeline: await readJson<ThumbnailPipeline>(path.join(dir, thumbnailPipelineFile)),
  };
}


/** The sizes `npm run build` recorded and the runner copied beside the results, of each contender it built. */
function packageSizes(artifacts: Artifacts, functionOf: (name: ContenderName) => string): PerContender<PackageSizes> {
  return Object.fromEntries(
    contenderNames.flatMap((name) => {
      const artifact = artifacts[functionOf(name)];
      return artifact ? [[name, sizesOf(artifact)]] : [];
    }),
  );
}

function runtimes(artifacts: Artifacts, functionOf: (name: ContenderName) => string): PerContender<RuntimeNote> {
  return Object.fromEntries(
    contenderNames.flatMap((name) => {
      const runtime = artifacts[functionOf(name)]?.runtime;
      return runtime ? [[name, runtime]] : [];
    }),
  );
}

/** An older file recorded the bundle or binary itself, unzipped, and no zip. */
function sizesOf(artifact: Artifact): PackageSizes {
  return artifact.unzippedBytes === undefined ? { zip: null, unzipped: artifact.bytes } : { zip: artifact.bytes, unzipped: artifact.unzippedBytes };
}

/** A file the runner may have left beside the summary; null when it did not. */
async function readJson<T>(file: string): Promise<T | null> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new CommandError(`${file}: not JSON`, badInput);
  }
}
