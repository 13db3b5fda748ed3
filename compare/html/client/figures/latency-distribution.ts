import type { Distribution } from '../../../../formats/comparison.ts';
import type { Figure } from '../figure.ts';
import { drawStepAreas, shares, type Bin } from '../step-area.ts';

/** The shape of each route's latency, overlaid on a logarithmic axis. */
export const latencyDistribution: Figure = {
  id: 'latency-distribution',
  title: 'Latency distribution',
  drawing({ charts, contenders }) {
    const distributions = charts.latencyDistribution;
    if (distributions === null) return { empty: 'No raw samples in this run: run with RAW=1 for the distribution.' };
    const bins = contenders.map((route) => occupiedBins(distributions[route] ?? { bucketsMs: [], counts: [] }));
    if (bins.every((routeBins) => routeBins.length === 0)) return { empty: 'The raw samples hold no request.' };
    return {
      caption: "Share of each route's requests per latency bucket. The x axis is logarithmic: a long tail shows as a wide shape.",
      draw(canvas) {
        drawStepAreas(canvas, contenders, bins, {
          x: {
            type: 'logarithmic',
            title: { display: true, text: 'latency, ms (log scale)' },
            // Labels at 1, 2 and 5 of each decade only: every minor tick labelled would overlap.
            ticks: { autoSkip: false, maxRotation: 0, callback: (value) => (isOneTwoFive(Number(value)) ? Number(value).toLocaleString('en-US') : '') },
          },
          yTitle: '% of requests',
        });
      },
    };
  },
};

/**
 * The buckets from the first to the last that holds a request. A bucket runs from the previous
 * bound to its own; the first one, with no previous bound, is given the width of its neighbour on
 * the log scale.
 */
function occupiedBins({ bucketsMs, counts }: Distribution): Bin[] {
  const first = counts.findIndex((count) => count > 0);
  if (first === -1) return [];
  const last = counts.length - 1 - [...counts].reverse().findIndex((count) => count > 0);
  const share = shares(counts);
  const lowOf = (index: number): number => {
    const high = bucketsMs[index]!;
    const previous = bucketsMs[index - 1];
    if (previous !== undefined) return previous;
    const next = bucketsMs[index + 1];
    return next !== undefined ? (high * high) / next : high / 2;
  };
  return bucketsMs.slice(first, last + 1).map((high, offset) => ({ low: lowOf(first + offset), high, share: share[first + offset]! }));
}

function isOneTwoFive(value: number): boolean {
  const leading = value / 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5].some((mark) => Math.abs(leading - mark) < 1e-6);
}
