import * as chartjs from 'chart.js';
import { Chart } from 'chart.js';

/**
 * Registers only what the report draws, so esbuild leaves the rest of Chart.js out, and sets a
 * quiet, print-like look. Chart.js's own legend is not registered: each figure has an HTML legend,
 * so a canvas holds data and axes only.
 */
export function setUpCharts(fontFamily: string): void {
  // Named through the namespace, so each part is listed once and esbuild still drops the others.
  Chart.register(
    chartjs.BarController,
    chartjs.BarElement,
    chartjs.CategoryScale,
    chartjs.Filler,
    chartjs.LinearScale,
    chartjs.LineController,
    chartjs.LineElement,
    chartjs.LogarithmicScale,
    chartjs.PointElement,
    chartjs.ScatterController,
    chartjs.Tooltip,
  );
  // The page's font, so the charts read as part of the document.
  Chart.defaults.font.family = fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.color = '#4b5563';
  Chart.defaults.borderColor = '#e5e7eb';
  // A report is read, not watched: drawn at once, and the same in a screenshot or a printout.
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
}
