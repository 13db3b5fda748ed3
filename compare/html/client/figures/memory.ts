import { ascending, percentile } from '../../../statistics.ts';
import type { Figure } from '../figure.ts';
import { formatNumber } from '../number.ts';
import { drawStepAreas, shares, type Bin } from '../step-area.ts';

/** Bins across the range of every route; REPORT lines give whole MB, so a bin is never under 1 MB. */
const targetBins = 40;

/** Max Memory Used per invocation, as a distribution per route on shared bins. */
export const memory: Figure = {
  id: 'memory',
  title: 'Memory: Max Memory Used per invocation',
  drawing({ charts, contenders }) {
    const samples = contenders.map((route) => charts.memoryMb[route] ?? []);
    const all = samples.flat();
    if (all.length === 0) return { empty: 'No REPORT records in this run: Max Memory Used comes from the Lambda logs.' };
    const { min, max } = extent(all);
    const low = Math.floor(min);
    const width = Math.max(1, Math.ceil((Math.ceil(max) - low + 1) / targetBins));
    const bins = samples.map((values) => histogram(values, low, width));
    return {
      caption: `Share of each route's invocations per ${width} MB bin. ${contenders
        .map((route, index) => `${route}: ${summary(samples[index]!)}`)
        .join('; ')}.`,
      draw(canvas) {
        drawStepAreas(canvas, contenders, bins, { x: { type: 'linear', title: { display: true, text: 'Max Memory Used, MB' } }, yTitle: '% of invocations' });
      },
    };
  },
};

/** The bins from the one holding the smallest value to the one holding the largest. */
function histogram(values: readonly number[], low: number, width: number): Bin[] {
  if (values.length === 0) return [];
  const indexOf = (value: number) => Math.floor((value - low) / width);
  const { min, max } = extent(values);
  const first = indexOf(min);
  const counts = new Array<number>(indexOf(max) - first + 1).fill(0);
  for (const value of values) counts[indexOf(value) - first]! += 1;
  const share = shares(counts);
  return counts.map((_, offset) => ({ low: low + (first + offset) * width, high: low + (first + offset + 1) * width, share: share[offset]! }));
}

/** Smallest and largest by a loop: a long run has more invocations than Math.min(...values) takes arguments. */
function extent(values: readonly number[]): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  return { min, max };
}

function summary(values: number[]): string {
  if (values.length === 0) return 'no record';
  const sorted = ascending(values);
  return `median ${formatNumber(percentile(sorted, 50))} MB, max ${formatNumber(percentile(sorted, 100))} MB over ${values.length.toLocaleString('en-US')} invocations`;
}
