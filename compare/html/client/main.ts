/// <reference lib="dom" />
// This file and its imports run in the browser. The root tsconfig type-checks them with the Node
// code and has no DOM types, so the entry point asks for them.
import type { Comparison } from '../../../formats/comparison.ts';
import { routeColours } from '../palette.ts';
import type { Figure, LegendEntry } from './figure.ts';
import { coldStarts } from './figures/cold-starts.ts';
import { cost } from './figures/cost.ts';
import { latencyDistribution } from './figures/latency-distribution.ts';
import { latencyPercentiles } from './figures/latency-percentiles.ts';
import { memory } from './figures/memory.ts';
import { p95OverTime, rpsOverTime } from './figures/over-time.ts';
import { setUpCharts } from './theme.ts';

/** In reading order: two to a row on a laptop screen, the cost across the whole width. */
const figures: readonly Figure[] = [latencyPercentiles, latencyDistribution, p95OverTime, rpsOverTime, coldStarts, memory, cost];

const comparison = JSON.parse(document.getElementById('comparison')!.textContent!) as Comparison;
const routeLegend: LegendEntry[] = comparison.contenders.map((route) => ({ label: route, colour: routeColours[route] }));
setUpCharts(getComputedStyle(document.body).fontFamily);
const grid = document.getElementById('charts')!;
for (const figure of figures) show(figure);

/** A figure in the grid: its chart with legend and caption, or the note that says why there is none. */
function show(figure: Figure): void {
  const element = create('figure', figure.wide ? 'chart wide' : 'chart');
  element.dataset.chart = figure.id;
  element.append(create('h3', '', figure.title));
  grid.append(element);
  const drawing = figure.drawing(comparison);
  if ('empty' in drawing) {
    element.append(create('p', 'empty', drawing.empty));
    return;
  }
  const canvas = create('canvas', '');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${figure.title}. ${drawing.caption}`);
  const plot = create('div', 'plot');
  plot.append(canvas);
  const legend = create('ul', 'legend');
  for (const { label, colour } of drawing.legend ?? routeLegend) {
    const swatch = create('span', 'swatch');
    swatch.style.background = colour;
    const entry = create('li', '');
    entry.append(swatch, label);
    legend.append(entry);
  }
  element.append(legend, plot, create('figcaption', '', drawing.caption));
  // Drawn once the plot is in the page, so Chart.js sizes the canvas to it.
  drawing.draw(canvas);
}

function create<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}
