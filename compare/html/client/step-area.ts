import { Chart, type ChartDataset, type ChartOptions } from 'chart.js';
import type { ContenderName } from '../../../functions.config.ts';
import { routeColours, withAlpha } from '../palette.ts';

/** A histogram bin: its edges on the x axis and its share of the route's samples, in %. */
export interface Bin {
  low: number;
  high: number;
  share: number;
}

type LineScale = NonNullable<ChartOptions<'line'>['scales']>[string];

/**
 * The routes' histograms overlaid on one chart, `bins` in the order of `contenders`. Only the x axis
 * and what the shares are of differ between the figures that draw one.
 */
export function drawStepAreas(canvas: HTMLCanvasElement, contenders: readonly ContenderName[], bins: readonly (readonly Bin[])[], axes: { x: LineScale; yTitle: string }): void {
  new Chart(canvas, {
    type: 'line',
    data: { datasets: contenders.map((route, index) => stepArea(route, bins[index]!)) },
    options: {
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: { x: axes.x, y: { beginAtZero: true, title: { display: true, text: axes.yTitle } } },
    },
  });
}

/**
 * A route's histogram as a filled step outline. Routes overlaid this way keep every shape
 * visible, where two sets of bars would hide each other. Each bin is two corners, so the outline
 * is exact on a linear or a logarithmic axis.
 */
function stepArea(route: ContenderName, bins: readonly Bin[]): ChartDataset<'line', { x: number; y: number }[]> {
  const first = bins[0];
  const last = bins.at(-1);
  const corners =
    first && last
      ? [
          { x: first.low, y: 0 },
          ...bins.flatMap((bin) => [
            { x: bin.low, y: bin.share },
            { x: bin.high, y: bin.share },
          ]),
          { x: last.high, y: 0 },
        ]
      : [];
  return {
    label: route,
    data: corners,
    borderColor: routeColours[route],
    backgroundColor: withAlpha(routeColours[route], 0.15),
    borderWidth: 2,
    fill: 'origin',
    pointRadius: 0,
    pointHitRadius: 6,
  };
}

/** Counts as shares of their total, in %. */
export function shares(counts: readonly number[]): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  return counts.map((count) => (total > 0 ? (100 * count) / total : 0));
}
