import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { closeChromium, launchedChromium } from '../toolchain/testing/chromium.ts';
import { renderTuningHtml } from './chart.ts';
import { recommend } from './recommend.ts';
import { renderTuningMarkdown, renderTuningTerminal } from './render.ts';
import { defaultSizes, readSizes } from './sizes.ts';
import { point, tuning } from './testing/tunings.ts';

const artifacts = fileURLToPath(new URL('../results/test-artifacts/', import.meta.url));

afterAll(closeChromium);

describe('the memory sizes to tune', () => {
  it('are power tuning’s usual ones unless --memory names others, each once and ascending', () => {
    expect(readSizes(undefined)).toEqual(defaultSizes);
    expect(readSizes('1024, 128,128,10240')).toEqual([128, 1024, 10_240]);
  });

  it.each(['0', '20000', 'abc', '127', '256.5', ''])('refuse %j in one line, as bad input', (value) => {
    expect(() => readSizes(value)).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/^invalid --memory: expected sizes in MB from 128 to 10240/) }));
  });
});

describe('the recommended size', () => {
  const rust = tuning.points.filter((each) => each.contender === 'rust');

  it('is the cheapest for cost, the fastest p95 for speed, and the best weighted mix for balanced', () => {
    expect(recommend(rust, 0.5)).toEqual({ cost: 128, speed: 1769, balanced: 512 });
  });

  it('leans to speed at weight 0 and to cost at weight 1', () => {
    expect(recommend(rust, 0).balanced).toBe(1769);
    expect(recommend(rust, 1).balanced).toBe(128);
  });

  it('leaves out a size without its figures, and is none without any', () => {
    expect(recommend([...rust, { ...point('rust', 3008, 1, 1), costPerMillion: null }], 0.5).speed).toBe(1769);
    expect(recommend([], 0.5)).toEqual({ cost: null, speed: null, balanced: null });
  });
});

describe('the tuning as a user reads it', () => {
  it('prints a row per size for each contender, then what each strategy recommends', () => {
    const terminal = renderTuningTerminal(tuning);
    expect(terminal).toMatch(/^lambda-duel tune: rust, python at 128, 512, 1769 MB on local \(CPU: lambda\)$/m);
    expect(terminal).toMatch(/^python\n +memory +p50 +p95 .*\n +128 MB +80\.0 ms +160\.0 ms/m);
    expect(terminal).toContain('  recommended: cost 128 MB, speed 1769 MB, balanced (weight 0.5) 512 MB');
    expect(renderTuningMarkdown(tuning)).toContain('| 512 MB | 22.5 ms | 45.0 ms |');
  });

  it('draws cost against p95 latency in the browser, a line per contender through its sizes', async () => {
    // Given the page, opened from disk in headless Chromium
    await mkdir(artifacts, { recursive: true });
    const file = `${artifacts}tune.html`;
    await writeFile(file, renderTuningHtml(tuning));
    const page = await (await launchedChromium()).newPage({ viewport: { width: 1000, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(file).href);
    // Then each contender has its line and a labelled point per size, and nothing failed
    for (const contender of tuning.contenders) {
      const line = page.locator(`g[data-contender="${contender}"]`);
      expect(await line.locator('polyline').count()).toBe(1);
      expect(await line.locator('circle').count()).toBe(3);
      expect(await line.locator('text').allTextContents()).toEqual(['128', '512', '1769']);
    }
    const box = await page.locator('svg').boundingBox();
    expect(box?.width).toBeGreaterThan(500);
    expect(errors).toEqual([]);
    await page.screenshot({ path: `${artifacts}tune.png`, fullPage: true });
    await page.close();
  });
});
