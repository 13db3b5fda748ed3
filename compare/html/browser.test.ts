import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../formats/comparison.ts';
import { closeChromium, launchedChromium } from '../../toolchain/testing/chromium.ts';
import { fullComparison, sparseComparison } from '../testing/comparisons.ts';
import { costItems, rgbOf, routeColours } from './palette.ts';
import { renderHtml } from './render.ts';

const artifacts = fileURLToPath(new URL('../../results/test-artifacts/', import.meta.url));

const colourOf = (item: string) => costItems.find((entry) => entry.item === item)!.colour;
/** The colours that only data is drawn in, per chart: a legend or an axis never paints them on a canvas. */
const dataColours: Record<string, string[]> = {
  'latency-percentiles': [routeColours.node, routeColours.rust],
  'latency-distribution': [routeColours.node, routeColours.rust],
  'p95-over-time': [routeColours.node, routeColours.rust],
  'rps-over-time': [routeColours.node, routeColours.rust],
  'cold-starts': [routeColours.node, routeColours.rust],
  memory: [routeColours.node, routeColours.rust],
  cost: [colourOf('lambdaRequests'), colourOf('s3Puts')],
};
/** Enough pixels of a colour that it is a bar, a line or a marker, not a stray antialiased edge. */
const minimumPixels = 60;

afterAll(closeChromium);

/** Renders a comparison to a file and opens it from disk, as a reader would, on a laptop-sized window. */
async function open(comparison: Comparison, name: string) {
  const page = await (await launchedChromium()).newPage({ viewport: { width: 1440, height: 900 } });
  await mkdir(artifacts, { recursive: true });
  const file = `${artifacts}${name}.html`;
  await writeFile(file, await renderHtml(comparison));
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors, requests, url };
}

/** Per chart: how many canvas pixels are each of its data colours, or null where there is no canvas. */
async function drawnPixels(page: Page): Promise<Record<string, number[] | null>> {
  const targets = Object.fromEntries(Object.entries(dataColours).map(([chart, colours]) => [chart, colours.map(rgbOf)]));
  return page.evaluate((targets) => {
    const result: Record<string, number[] | null> = {};
    for (const figure of Array.from(document.querySelectorAll<HTMLElement>('figure[data-chart]'))) {
      const chart = figure.dataset.chart!;
      const canvas = figure.querySelector('canvas');
      if (!canvas) {
        result[chart] = null;
        continue;
      }
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      result[chart] = (targets[chart] ?? []).map(([r, g, b]) => {
        let count = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (Math.abs(data[i]! - r!) <= 6 && Math.abs(data[i + 1]! - g!) <= 6 && Math.abs(data[i + 2]! - b!) <= 6 && data[i + 3]! > 250) count += 1;
        }
        return count;
      });
    }
    return result;
  }, targets);
}

describe('compare.html in Chromium', () => {
  it('draws every chart of a full comparison, offline and without an error', async () => {
    // Given a comparison with every chart's data, rendered to a file
    const { page, errors, requests, url } = await open(fullComparison, 'compare');
    // When Chromium opens it from disk
    const pixels = await drawnPixels(page);
    await page.screenshot({ path: `${artifacts}compare.png`, fullPage: true });
    // Then nothing failed, and nothing but the file itself was requested
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    // and each of the seven charts has a canvas with both of its data colours drawn on it
    expect(Object.keys(pixels).sort()).toEqual(Object.keys(dataColours).sort());
    for (const [chart, counts] of Object.entries(pixels)) {
      expect(counts, chart).not.toBeNull();
      for (const count of counts!) expect(count, chart).toBeGreaterThan(minimumPixels);
    }
    expect(await page.locator('.empty').count()).toBe(0);
    // and the table shows every metric row
    expect(await page.locator('table.metrics tr[data-metric]').count()).toBe(fullComparison.rows.length);
    await page.close();
  });

  it('says why a chart is missing instead of drawing an empty one', async () => {
    // Given a run without raw samples: no distribution and no series over time
    const { page, errors } = await open(sparseComparison, 'compare-sparse');
    // When Chromium opens it
    const pixels = await drawnPixels(page);
    await page.screenshot({ path: `${artifacts}compare-sparse.png`, fullPage: true });
    // Then those three charts are a note that says how to get them
    expect(errors).toEqual([]);
    for (const chart of ['latency-distribution', 'p95-over-time', 'rps-over-time']) {
      expect(pixels[chart], chart).toBeNull();
      await expect(page.locator(`figure[data-chart="${chart}"] .empty`).textContent()).resolves.toContain('run with RAW=1');
    }
    // and the charts that have data are still drawn
    for (const chart of ['latency-percentiles', 'cold-starts', 'memory', 'cost']) {
      for (const count of pixels[chart] ?? [0]) expect(count, chart).toBeGreaterThan(minimumPixels);
    }
    await page.close();
  });
});
