import { Chart } from 'chart.js';
import { routeColours } from '../../palette.ts';
import type { Figure } from '../figure.ts';
import { formatNumber } from '../number.ts';
import { valueLabels } from '../value-labels.ts';

/** Client-seen latency percentiles, side by side per route. */
export const latencyPercentiles: Figure = {
  id: 'latency-percentiles',
  title: 'Latency percentiles',
  drawing({ charts, contenders }) {
    const byRoute = charts.latencyPercentiles;
    // The keys in the order the comparison lists them (p50 … max), keeping only those with a value.
    const keys = [...new Set(contenders.flatMap((route) => Object.keys(byRoute[route] ?? {})))].filter((key) =>
      contenders.some((route) => typeof byRoute[route]?.[key] === 'number'),
    );
    if (keys.length === 0) return { empty: 'No latency percentiles: no request of this run succeeded.' };
    const values = contenders.map((route) => keys.map((key) => byRoute[route]?.[key] ?? null));
    return {
      caption: 'Latency as the k6 client saw it (http_req_duration), in ms, API Gateway included. Lower is better.',
      draw(canvas) {
        new Chart(canvas, {
          type: 'bar',
          data: {
            labels: keys,
            datasets: contenders.map((route, index) => ({ label: route, data: values[index]!, backgroundColor: routeColours[route] })),
          },
          options: {
            scales: {
              x: { grid: { display: false } },
              y: { beginAtZero: true, grace: '8%', title: { display: true, text: 'ms' } },
            },
          },
          plugins: [
            valueLabels((datasetIndex, index) => {
              const value = values[datasetIndex]?.[index];
              return typeof value === 'number' ? formatNumber(value) : null;
            }),
          ],
        });
      },
    };
  },
};
