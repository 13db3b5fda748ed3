import { compareToBaseline, parseBound, renderBaseline, slowerThan } from '../compare/baseline.ts';
import { loadRun } from '../compare/load-run.ts';
import { comparedContenders } from '../compare/contenders.ts';
import { loadPricing } from '../compare/pricing.ts';
import { builtInPricing, compareRunFolder } from '../compare/write-comparison.ts';
import { badInput, CommandError } from '../toolchain/command.ts';
import { parseOptions } from '../toolchain/options.ts';

const usage =
  'usage: npm run compare -- <results folder | summary file> [--reference NAME] [--baseline <folder | file>] [--fail-if-slower 10%] [--pricing prices.json] (CONTENDERS=a,b: some of the run\'s contenders)';

/**
 * `npm run compare`: one run, its contenders side by side, each against the reference (terminal
 * table, compare.md, compare.json, compare.html beside the results); `CONTENDERS` picks some of
 * the run's and `--reference` the one the ratios are against (rust by default). With --baseline,
 * this run against an earlier one per route, and with --fail-if-slower a non-zero exit when a
 * route's p95 grew past the bound.
 */
export async function runCompare(args: string[]): Promise<number> {
  const options = { reference: { type: 'string' }, baseline: { type: 'string' }, 'fail-if-slower': { type: 'string' }, pricing: { type: 'string' } } as const;
  const { values, positionals } = parseOptions(args, options, { positionals: true, usage });
  if (positionals.length === 0) throw new CommandError(usage, badInput);
  if (positionals.length > 1) {
    const runs = await Promise.all(positionals.map(loadRun));
    const scenarios = [...new Set(runs.map((run) => run.summary.run.scenario))];
    if (scenarios.length > 1) throw new CommandError(`two runs of different tests: ${scenarios.join(' and ')}`, badInput);
    throw new CommandError(`compare reads one run; to hold it against another, use --baseline (${usage})`, badInput);
  }
  const input = positionals[0]!;
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
