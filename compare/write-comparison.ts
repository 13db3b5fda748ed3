import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compareRun, type RawView } from './compare-run.ts';
import { compareThumbnailRun } from './thumbnails-run.ts';
import { badInput, CommandError } from '../toolchain/command.ts';
import { thumbnailPipelineFile } from '../formats/thumbnail-pipeline.ts';
import { comparedContenders, type ComparedContenders } from './contenders.ts';
import { loadRun, type LoadedRun } from './load-run.ts';
import type { Comparison } from '../formats/comparison.ts';
import { defaultPricing, type Pricing } from './pricing.ts';
import { rawView } from './raw-view.ts';
import { renderHtml } from './html/render.ts';
import { renderMarkdown, renderTerminal } from './render-text.ts';

export interface ComparisonOutputs {
  comparison: Comparison;
  files: string[];
}

/** The prices a comparison uses unless given others, named as the comparison credits them. */
export const builtInPricing = { pricing: defaultPricing, source: `built-in (${defaultPricing.asOf})` };

/** Which of a run's contenders to compare and against which: `CONTENDERS` and `--reference`, each unset for the defaults. */
export interface ContenderSelection {
  contenders?: string | undefined;
  reference?: string | undefined;
}

/**
 * The comparison of the run in a results folder (or of one summary file): compare.json, compare.md
 * and compare.html beside its results, the terminal table on stdout, and a line saying where the
 * files are. Raw k6 samples are used when the run kept them.
 */
export async function compareRunFolder(
  input: string,
  pricing: { pricing: Pricing; source: string } = builtInPricing,
  report: (line: string) => void = console.error,
  selection: ContenderSelection = {},
  printTable = true,
): Promise<ComparisonOutputs> {
  const run = await loadRun(input);
  const compared = comparedContenders(run.summary, selection);
  const print = printTable ? (text: string) => process.stdout.write(text) : () => undefined;
  const outputs = await writeComparison(run, compared, pricing, run.raw ? await rawView(run.raw, compared.contenders) : null, print);
  report(`compare: ${outputs.files.map((file) => path.relative(process.cwd(), file)).join(', ')}`);
  return outputs;
}

/**
 * Compares a loaded run's contenders, as chosen, and writes `compare.json`, `compare.md` and `compare.html` beside its
 * results; prints the terminal table.
 */
export async function writeComparison(
  run: LoadedRun,
  compared: ComparedContenders,
  pricing: { pricing: Pricing; source: string },
  raw: RawView | null,
  print: (text: string) => void = (text) => process.stdout.write(text),
): Promise<ComparisonOutputs> {
  const comparison = compareOf(run, compared, pricing, raw);
  const files = {
    'compare.json': `${JSON.stringify(comparison, null, 2)}\n`,
    'compare.md': renderMarkdown(comparison),
    'compare.html': await renderHtml(comparison),
  };
  const written = await Promise.all(
    Object.entries(files).map(async ([name, content]) => {
      const file = path.join(run.dir, name);
      await writeFile(file, content);
      return file;
    }),
  );
  print(renderTerminal(comparison));
  return { comparison, files: written };
}

/** A thumbnails run is compared by its pipeline; every other test by its requests. */
function compareOf(run: LoadedRun, compared: ComparedContenders, pricing: { pricing: Pricing; source: string }, raw: RawView | null): Comparison {
  const common = { compared, reports: run.reports, packageSizes: run.packageSizes, runtimes: run.runtimes, pricing: pricing.pricing, pricingSource: pricing.source };
  if (run.summary.run.scenario !== 'thumbnails') return compareRun({ ...common, summary: run.summary, raw, reconciliation: run.reconciliation });
  if (!run.pipeline) throw new CommandError(`${run.dir}: a thumbnails run without its ${thumbnailPipelineFile} (what the uploads became): nothing to compare`, badInput);
  return compareThumbnailRun({ ...common, summary: run.summary, pipeline: run.pipeline });
}
