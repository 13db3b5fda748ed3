import { describe, expect, it } from 'vitest';
import type { Comparison } from '../../formats/comparison.ts';
import { fullComparison, sparseComparison } from '../testing/comparisons.ts';
import { renderHtml } from './render.ts';

/** The page split into what loads things (markup, stylesheet, code) and the embedded data. */
function parts(html: string) {
  const data = /<script type="application\/json" id="comparison">([\s\S]*?)<\/script>/.exec(html)?.[1];
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1]!).join('\n');
  const code = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!).join('\n');
  const markup = html.replace(/(<(script|style)\b[^>]*>)[\s\S]*?(<\/\2>)/g, '$1$3');
  return { data, styles, code, markup };
}

describe('compare.html is one self-contained file', () => {
  it('refers to nothing outside itself, though its data may hold URLs', async () => {
    // Given a comparison whose pricing source is a web address
    expect(fullComparison.sources.pricing).toContain('https://');
    // When it is rendered
    const html = await renderHtml(fullComparison);
    const { data, styles, code, markup } = parts(html);
    // Then the address is in the data, but no element, style or script line loads anything:
    expect(data).toContain('https://aws.amazon.com/lambda/pricing/');
    expect(markup).not.toMatch(/<(link|img|iframe|object|embed|video|audio|source|base)\b/i);
    expect(markup).not.toMatch(/<script\b[^>]*\bsrc\s*=/i);
    expect(markup).not.toMatch(/\s(src|href|srcset|poster|data|action|formaction|background)\s*=\s*["']?\s*([a-z][a-z0-9+.-]*:|\/\/)/i);
    expect(styles).not.toMatch(/url\(|@import/i);
    // the bundled code names web addresses only in its libraries' licence comments
    expect(code.replace(/\/\*![\s\S]*?\*\//g, '')).not.toMatch(/https?:\/\//);
    expect(code).not.toMatch(/\b(fetch|XMLHttpRequest|WebSocket|EventSource|sendBeacon|importScripts)\b/);
  });

  it('embeds the comparison as JSON that parses back to the same document', async () => {
    // Given a comparison with every chart and one with the nullable charts null
    for (const comparison of [fullComparison, sparseComparison]) {
      // When each is rendered
      const { data } = parts(await renderHtml(comparison));
      // Then the embedded JSON is the document itself
      expect(JSON.parse(data!)).toEqual(comparison);
    }
  });

  it('keeps markup in the data from closing the data block or reaching the page', async () => {
    // Given data that holds a closing script tag and an element
    const hostile: Comparison = {
      ...fullComparison,
      run: { ...fullComparison.run, machine: 'box</script><script>alert("owned")</script>' },
      banner: 'Local stand-in <img src=x onerror=alert(1)> <!-- not a comment',
    };
    // When it is rendered
    const html = await renderHtml(hostile);
    // Then the page has exactly its own two script elements, each closed once
    expect(html.match(/<script\b/gi)).toHaveLength(2);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html).not.toContain('<!--');
    // and the data comes back intact from the JSON block
    expect(JSON.parse(parts(html).data!)).toEqual(hostile);
    // and shows as text wherever the page prints it
    expect(html).toContain('box&lt;/script&gt;&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;');
    expect(html).toContain('Local stand-in &lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('compare.html header', () => {
  it('puts the stand-in banner above everything else when there is one', async () => {
    // Given a local run, which carries a banner
    const html = await renderHtml(fullComparison);
    // Then the banner is the first thing in the body, before the header and the numbers
    const body = html.slice(html.indexOf('<body>') + '<body>'.length).trimStart();
    expect(body.startsWith(`<aside class="banner" role="note">${fullComparison.banner}</aside>`)).toBe(true);
  });

  it('has no banner when the numbers come from AWS', async () => {
    // Given a run against AWS, whose banner is null
    const html = await renderHtml(sparseComparison);
    // Then there is no banner, and the header says where the numbers come from
    expect(html).not.toContain('class="banner"');
    expect(html).toMatch(/<dt>Target<\/dt><dd>aws<\/dd>/);
    expect(html).toContain('raw k6 samples no');
  });

  it('gives the run metadata a reader needs to place the numbers', async () => {
    // When the full comparison is rendered
    const html = await renderHtml(fullComparison);
    // Then the scenario, mode, start, duration, machine and run id are in the header
    for (const [term, value] of [
      ['Scenario', 'ramp'],
      ['Mode', 'interleaved'],
      ['Started', '2026-11-23 19:46:54 UTC'],
      ['Duration', '2 min 30 s'],
      ['Machine', 'linux x64, 2 × AMD EPYC 7B13, 24 GiB'],
      ['Run', '2026-11-23T19-46-54Z-ramp'],
    ]) {
      expect(html).toContain(`<dt>${term}</dt><dd>${value}</dd>`);
    }
  });
});
