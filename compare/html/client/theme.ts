import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';

/**
 * Registers only what the report draws, so esbuild leaves the rest of Chart.js out, and sets a
 * quiet, print-like look. Chart.js's own legend is not registered: each figure has an HTML legend,
 * so a canvas holds data and axes only.
 */
export function setUpCharts(fontFamily: string): void {
  Chart.register(
    BarController,
    BarElement,
    CategoryScale,
    Filler,
    LinearScale,
    LineController,
    LineElement,
    LogarithmicScale,
    PointElement,
    ScatterController,
    Tooltip,
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
