import { compareToBaseline, parseBound, renderBaseline, slowerThan } from '../compare/baseline.ts';
import { loadRun } from '../compare/load-run.ts';
import { comparedContenders } from '../compare/contenders.ts';
import { loadPricing } from '../compare/pricing.ts';
import { builtInPricing, compareRunFolder } from '../compare/write-comparison.ts';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { linkSegments, writeMergedSummary } from '../compare/segments/merged-folder.ts';
import { badInput, CommandError } from '../toolchain/command.ts';
import { repoRoot } from '../toolchain/paths.ts';
import { timestamp } from './local.ts';
import { parseOptions } from '../toolchain/options.ts';
import type { RunSummary } from '../formats/summary.ts';

const usage =
  'usage: npm run compare -- <results folder | summary file | segment folders…> [--out DIR] [--reference NAME] [--baseline <folder | file>] [--fail-if-slower 10%] [--pricing prices.json] (CONTENDERS=a,b: some of the run\'s contenders)';

/**
 * `npm run compare`: one run, its contenders side by side, each against the reference (terminal
 * table, compare.md, compare.json, compare.html beside the results); `CONTENDERS` picks some of
 * the run's and `--reference` the one the ratios are against (rust by default). With --baseline,
 * this run against an earlier one per route, and with --fail-if-slower a non-zero exit when a
 * route's p95 grew past the bound.
 */
export async function runCompare(args: string[]): Promise<number> {
  const options = { out: { type: 'string' }, reference: { type: 'string' }, baseline: { type: 'string' }, 'fail-if-slower': { type: 'string' }, pricing: { type: 'string' } } as const;
  const { values, positionals } = parseOptions(args, options, { positionals: true, usage });
  if (positionals.length === 0) throw new CommandError(usage, badInput);
  if (values.out !== undefined && positionals.length === 1) throw new CommandError('--out names the folder several segment folders are merged into: give the segment folders', badInput);
  if (positionals.length > 1 && values.baseline !== undefined) throw new CommandError('--baseline compares one run with another: merge the segment folders first, then compare the merged folder', badInput);
  const input = positionals.length > 1 ? await mergedFolders(positionals, values.out) : await mergedInPlace(positionals[0]!);
  const selection = { contenders: process.env.CONTENDERS, reference: values.reference };
  if (values.baseline !== undefined) {
    const [run, baseline] = [await loadRun(input), await loadRun(values.baseline)];
    const rows = compareToBaseline(run.summary, baseline.summary, comparedContenders(run.summary, selection).contenders);
    process.stdout.write(renderBaseline(rows, run.summary.run.id, baseline.summary.run.id));
    if (values['fail-if-slower'] === undefined) return 0;
    const bound = parseBound(values['fail-if-slower']);
    const slower = slowerThan(rows, bound);
    for (const row of slower) console.error(`lambda-duel: ${row.route} p95 is ${((row.change! - 1) * 100).toFixed(1)} % slower than the baseline (bound ${(bound * 100).toFixed(1)} %)`);
    return slower.length > 0 ? 1 : 0;
  }
  if (values['fail-if-slower'] !== undefined) throw new CommandError('--fail-if-slower needs --baseline', badInput);
  await compareRunFolder(input, values.pricing ? { pricing: await loadPricing(values.pricing), source: values.pricing } : builtInPricing, console.error, selection);
  return 0;
}

/** Several folders are the segments of one run (runners on several machines): merged into a folder of their own. */
async function mergedFolders(folders: string[], out: string | undefined): Promise<string> {
  const first = await loadRun(folders[0]!);
  const dir = out ?? path.join(repoRoot, 'results', `${timestamp()}-${first.summary.run.scenario}-merged`);
  if (existsSync(dir)) throw new CommandError(`${dir}: already exists; --out names a new folder`, badInput);
  said(await linkSegments(folders, dir));
  return dir;
}

/**
 * A folder of a run's segments (fetched from a cluster's runners) gets its merged summary the first
 * time; a lone segment is compared as it is, but said to be one.
 */
async function mergedInPlace(input: string): Promise<string> {
  const hasSummary = existsSync(input) && (!statSync(input).isDirectory() || readdirSync(input).some((file) => file.endsWith('.summary.json')));
  if (!hasSummary) {
    const merged = await writeMergedSummary(input);
    if (merged) said(merged);
    return input;
  }
  const { segment } = (await loadRun(input)).summary.run;
  if (segment) console.error(`compare: ${input} is segment ${segment.index} of ${segment.count} alone (${segment.executionSegment} of the load); name every segment's folder to merge them`);
  return input;
}

function said(merged: { file: string; summary: RunSummary }): void {
  console.error(`merged ${merged.summary.run.segments} segments: ${path.relative(process.cwd(), merged.file)}`);
}
