import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compareRun, type RawView } from './compare-run.ts';
import type { LoadedRun } from './load-run.ts';
import type { Comparison } from '../formats/comparison.ts';
import type { Pricing } from './pricing.ts';
import { renderHtml } from './html/render.ts';
import { renderMarkdown, renderTerminal } from './render-text.ts';

export interface ComparisonOutputs {
  comparison: Comparison;
  files: string[];
}

/**
 * Compares a loaded run and writes `compare.json`, `compare.md` and `compare.html` beside its
 * results; prints the terminal table.
 */
export async function writeComparison(
  run: LoadedRun,
  pricing: { pricing: Pricing; source: string },
  raw: RawView | null,
  print: (text: string) => void = (text) => process.stdout.write(text),
): Promise<ComparisonOutputs> {
  const comparison = compareRun({
    summary: run.summary,
    reports: run.reports,
    raw,
    packageBytes: run.packageBytes,
    pricing: pricing.pricing,
    pricingSource: pricing.source,
  });
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
