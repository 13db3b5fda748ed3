import { Chart } from 'chart.js';
import type { PerContender } from '../../../../functions.config.ts';
import type { Comparison, TimePoint } from '../../../../formats/comparison.ts';
import { median } from '../../../statistics.ts';
import { routeColours } from '../../palette.ts';
import type { Figure } from '../figure.ts';

/** A per-window series of every route against the time since the run started. */
function overTime(figure: {
  id: string;
  title: string;
  axis: string;
  caption: string;
  what: string;
  series: (comparison: Comparison) => PerContender<TimePoint[]> | null;
}): Figure {
  return {
    id: figure.id,
    title: figure.title,
    drawing(comparison) {
      const series = figure.series(comparison);
      if (series === null) return { empty: `No raw samples in this run: run with RAW=1 for ${figure.what}.` };
      const { contenders } = comparison;
      const end = Math.max(...contenders.map((route) => series[route]?.at(-1)?.t ?? 0));
      if (end === 0) return { empty: `The raw samples hold no window for ${figure.what}.` };
      const step = tickStep(end);
      return {
        caption: figure.caption,
        draw(canvas) {
          new Chart(canvas, {
            type: 'line',
            data: {
              datasets: contenders.map((route) => {
                const points = series[route] ?? [];
                return {
                  label: route,
                  data: withGaps(points),
                  borderColor: routeColours[route],
                  backgroundColor: routeColours[route],
                  borderWidth: 2,
                  // Points stay visible: a route's turn in an interleaved run can be a single window.
                  pointRadius: points.length > 200 ? 1 : 2,
                };
              }),
            },
            options: {
              interaction: { mode: 'nearest', axis: 'x', intersect: false },
              scales: {
                x: {
                  type: 'linear',
                  min: 0,
                  max: Math.ceil(end / step) * step,
                  title: { display: true, text: 'time since start' },
                  ticks: { stepSize: step, callback: (value) => clock(Number(value)) },
                },
                y: { beginAtZero: true, title: { display: true, text: figure.axis } },
              },
            },
          });
        },
      };
    },
  };
}

export const p95OverTime = overTime({
  id: 'p95-over-time',
  title: 'p95 latency over time',
  axis: 'p95, ms',
  caption: 'p95 of the client-seen latency in each time window. A drift up is queueing or a noisy machine; spikes after a gap are cold starts.',
  what: 'the p95 over time',
  series: (comparison) => comparison.charts.p95OverTime,
});

export const rpsOverTime = overTime({
  id: 'rps-over-time',
  title: 'Requests per second over time',
  axis: 'requests/s',
  caption: 'Requests completed per second in each time window: the load each route actually carried.',
  what: 'requests/s over time',
  series: (comparison) => comparison.charts.rpsOverTime,
});

/**
 * The points, with a break wherever a gap is wider than one and a half windows. In an interleaved
 * run the routes take turns; a line drawn across the other routes' turns would invent values.
 */
function withGaps(points: readonly TimePoint[]): { x: number; y: number | null }[] {
  const steps = points.slice(1).map((point, index) => point.t - points[index]!.t);
  const window = steps.length > 0 ? median(steps) : Number.POSITIVE_INFINITY;
  return points.flatMap((point, index) => {
    const previous = points[index - 1];
    const here = { x: point.t, y: point.value };
    return previous && point.t - previous.t > 1.5 * window ? [{ x: (previous.t + point.t) / 2, y: null }, here] : [here];
  });
}

/** A clock-like tick interval, seconds: at most about ten ticks across the run. */
function tickStep(seconds: number): number {
  const steps = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];
  return steps.find((step) => seconds / step <= 10) ?? steps.at(-1)!;
}

/** Seconds as m:ss, or h:mm:ss from an hour on. */
function clock(seconds: number): string {
  const whole = Math.round(seconds);
  const two = (n: number) => String(n).padStart(2, '0');
  const [hours, minutes, rest] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  return hours > 0 ? `${hours}:${two(minutes)}:${two(rest)}` : `${minutes}:${two(rest)}`;
}
