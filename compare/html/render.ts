import { readFile } from 'node:fs/promises';
import type { Comparison } from '../../formats/comparison.ts';
import { bundleClient } from './bundle.ts';
import { codeForScript, escapeHtml, jsonForScript } from './escape.ts';
import { renderHeader } from './header.ts';
import { routeColours } from './palette.ts';
import { renderClaims } from './claims.ts';
import { renderMetricsTable } from './table.ts';

const stylesheet = new URL('./page.css', import.meta.url);

/**
 * `compare.html`: one self-contained file that opens from disk, offline. The header and the
 * metrics table are plain HTML, readable without script; the charts are drawn by the inlined
 * client from the comparison embedded as JSON.
 */
export async function renderHtml(comparison: Comparison): Promise<string> {
  const [css, script] = await Promise.all([readFile(stylesheet, 'utf8'), bundleClient()]);
  const { run } = comparison;
  // The route colours come from the palette the charts use, so the table and the charts agree; a
  // contender's class sets --contender, which page.css colours its swatch and winning cells with.
  const colours = Object.entries(routeColours)
    .map(([route, colour]) => `--${route}: ${colour};`)
    .join(' ');
  const classes = Object.keys(routeColours)
    .map((route) => `.${route} { --contender: var(--${route}); }`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`lambda-duel: ${comparison.contenders.join(' vs ')}, ${run.scenario} on ${run.target}, ${run.startedAt}`)}</title>
<style>
:root { ${colours} }
${classes}
${css}</style>
</head>
<body>
${renderHeader(comparison)}
<main>
<section>
<h2>Metrics</h2>
${renderMetricsTable(comparison)}
</section>
${comparison.claims ? renderClaims(comparison.claims) : ''}
<section>
<h2>Charts</h2>
<div id="charts" class="charts"></div>
</section>
</main>
<footer>${escapeHtml(`${comparison.schema} · run ${run.id}`)}</footer>
<script type="application/json" id="comparison">${jsonForScript(comparison)}</script>
<script>${codeForScript(script)}</script>
</body>
</html>
`;
}
