import { Chart, type ChartDataset } from 'chart.js';
import { ascending, percentile } from '../../../statistics.ts';
import { routeColours, withAlpha } from '../../palette.ts';
import type { Figure } from '../figure.ts';
import { formatNumber } from '../number.ts';

const measures = ['Init Duration (REPORT)', 'Client-seen latency (k6)'] as const;
/** How far a route's dots spread about its strip. */
const spread = 0.14;

/** Where each route's strip sits beside its measure's tick: two at ±0.2, more spread over at most 0.6. */
function offsets(count: number): number[] {
  if (count === 1) return [0];
  const width = Math.min(0.6, 0.2 * count);
  return Array.from({ length: count }, (_, index) => -width / 2 + (width * index) / (count - 1));
}

type Point = { x: number; y: number };

/**
 * Every cold start as a dot, with a bar at the median: the Init Duration Lambda reported beside
 * the latency the client saw for the same cold requests. A strip shows a handful of cold starts
 * honestly, where a box plot of ten values would pretend to know their quartiles.
 */
export const coldStarts: Figure = {
  id: 'cold-starts',
  title: 'Cold starts',
  drawing({ charts, contenders }) {
    const offset = offsets(contenders.length);
    const samples = contenders.map((route) => {
      const { initMs = [], clientMs = [] } = charts.coldStarts[route] ?? {};
      return [initMs, clientMs] as const;
    });
    if (samples.every(([init, client]) => init.length === 0 && client.length === 0)) {
      return { empty: 'No cold start in this run: npm run coldstart measures Init Duration and cold latency.' };
    }
    const dots: ChartDataset<'scatter', Point[]>[] = contenders.map((route, index) => ({
      label: route,
      data: samples[index]!.flatMap((values, measure) => values.map((y, i) => ({ x: measure + offset[index]! + jitter(i), y }))),
      backgroundColor: withAlpha(routeColours[route], 0.35),
      borderColor: routeColours[route],
      borderWidth: 1,
      pointRadius: 3.5,
    }));
    const medians: ChartDataset<'scatter', Point[]>[] = contenders.map((route, index) => ({
      label: `${route} median`,
      data: samples[index]!.flatMap((values, measure) => (values.length > 0 ? [{ x: measure + offset[index]!, y: percentile(ascending(values), 50) }] : [])),
      borderColor: routeColours[route],
      borderWidth: 3,
      pointStyle: 'line',
      pointRadius: 16,
      pointHoverRadius: 16,
    }));
    return {
      caption: `Each dot is one cold start, the bar its route's median. p50 / p99: ${contenders
        .map((route, index) => `${route} ${summary(samples[index]!)}`)
        .join('; ')}.`,
      draw(canvas) {
        new Chart(canvas, {
          type: 'scatter',
          data: { datasets: [...dots, ...medians] },
          options: {
            scales: {
              x: {
                min: -0.5,
                max: measures.length - 0.5,
                grid: { display: false },
                // One tick per measure, named, in place of the numeric positions the strips use.
                afterBuildTicks: (axis) => {
                  axis.ticks = measures.map((_, value) => ({ value }));
                },
                ticks: { callback: (value) => measures[Number(value)] ?? '' },
              },
              y: { beginAtZero: true, title: { display: true, text: 'ms' } },
            },
            plugins: {
              tooltip: {
                callbacks: {
                  title: (items) => measures[Math.round(items[0]?.parsed.x ?? 0)] ?? '',
                  label: (item) => `${item.dataset.label}: ${formatNumber(item.parsed.y ?? 0)} ms`,
                },
              },
            },
          },
        });
      },
    };
  },
};

/** A spread that is the same on every render, so a screenshot is reproducible. */
function jitter(index: number): number {
  return (((index * 0.618034) % 1) - 0.5) * spread;
}

/** "(10 cold starts) init 183 / 201 ms, client 250 / 280 ms": p50 / p99 of each measure. */
function summary([init, client]: readonly [number[], number[]]): string {
  const p50p99 = (name: string, values: number[]) => {
    if (values.length === 0) return `no ${name} sample`;
    const sorted = ascending(values);
    return `${name} ${formatNumber(percentile(sorted, 50))} / ${formatNumber(percentile(sorted, 99))} ms`;
  };
  return `(${Math.max(init.length, client.length)} cold starts) ${p50p99('init', init)}, ${p50p99('client', client)}`;
}
