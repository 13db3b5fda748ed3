import type { Tuning, TuningPoint } from '../formats/tuning.ts';
import { escapeHtml } from '../compare/html/escape.ts';
import { routeColours } from '../compare/html/palette.ts';
import { renderTuningMarkdown } from './render.ts';

const size = { width: 760, height: 420, left: 70, right: 20, top: 20, bottom: 50 };

/**
 * `tune.html`: one self-contained page, no script: cost per million requests against client-seen
 * p95 latency, a line per contender through its sizes (each point labelled with its MB), then
 * the tables. Lower and further left is better on both axes.
 */
export function renderTuningHtml(tuning: Tuning): string {
  const measured = tuning.points.filter((point) => point.latencyP95Ms !== null && point.costPerMillion !== null);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(`lambda-duel tune: ${tuning.contenders.join(', ')}`)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 900px; margin: 24px auto; color: #1f2937; }
svg text { font-size: 12px; fill: #374151; }
.axis line, .axis path { stroke: #9ca3af; }
pre { background: #f9fafb; padding: 12px; overflow-x: auto; }
</style>
</head>
<body>
<h1>${escapeHtml(`Power tuning on ${tuning.target}: ${tuning.contenders.join(', ')}`)}</h1>
<p>${escapeHtml(`Memory sizes ${tuning.sizes.join(', ')} MB, CPU model ${tuning.cpuModel}. Each point is one size; lower is cheaper, further left is faster.`)}</p>
${measured.length === 0 ? '<p class="empty">No size has both a cost and a p95 latency: nothing to draw.</p>' : chart(tuning, measured)}
<pre>${escapeHtml(renderTuningMarkdown(tuning))}</pre>
</body>
</html>
`;
}

function chart(tuning: Tuning, measured: TuningPoint[]): string {
  const xs = measured.map((point) => point.latencyP95Ms!);
  const ys = measured.map((point) => point.costPerMillion!);
  const x = scale(Math.min(...xs), Math.max(...xs), size.left, size.width - size.right);
  const y = scale(Math.min(...ys), Math.max(...ys), size.height - size.bottom, size.top);
  const lines = tuning.contenders.map((contender) => {
    const points = measured.filter((point) => point.contender === contender).sort((a, b) => a.memoryMb - b.memoryMb);
    const colour = routeColours[contender];
    const path = points.map((point) => `${x(point.latencyP95Ms!).toFixed(1)},${y(point.costPerMillion!).toFixed(1)}`).join(' ');
    const marks = points
      .map((point) => {
        const [cx, cy] = [x(point.latencyP95Ms!).toFixed(1), y(point.costPerMillion!).toFixed(1)];
        return `<circle cx="${cx}" cy="${cy}" r="4" fill="${colour}"><title>${escapeHtml(`${contender} ${point.memoryMb} MB: p95 ${point.latencyP95Ms!.toFixed(1)} ms, $${point.costPerMillion!.toFixed(4)} per 1M`)}</title></circle><text x="${cx}" y="${(Number(cy) - 8).toFixed(1)}" text-anchor="middle">${point.memoryMb}</text>`;
      })
      .join('');
    return `<g data-contender="${escapeHtml(contender)}"><polyline points="${path}" fill="none" stroke="${colour}" stroke-width="2"/>${marks}</g>`;
  });
  const legend = tuning.contenders
    .map((contender, index) => `<g transform="translate(${size.left + 16 + index * 110}, ${size.top + 6})"><rect width="12" height="12" y="-10" fill="${routeColours[contender]}"/><text x="18">${escapeHtml(contender)}</text></g>`)
    .join('');
  return `<svg role="img" aria-label="cost per million requests against p95 latency, one line per contender" width="${size.width}" height="${size.height}" viewBox="0 0 ${size.width} ${size.height}">
<g class="axis"><line x1="${size.left}" y1="${size.height - size.bottom}" x2="${size.width - size.right}" y2="${size.height - size.bottom}"/><line x1="${size.left}" y1="${size.top}" x2="${size.left}" y2="${size.height - size.bottom}"/></g>
<text x="${(size.left + size.width - size.right) / 2}" y="${size.height - size.bottom + 30}" text-anchor="middle">client-seen p95 latency, ms (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})</text>
<text transform="translate(16, ${(size.top + size.height - size.bottom) / 2}) rotate(-90)" text-anchor="middle">$ per million requests (${Math.min(...ys).toFixed(4)}–${Math.max(...ys).toFixed(4)})</text>
${lines.join('\n')}
${legend}
</svg>`;
}

/** A linear map from [low, high] onto [from, to], the middle of the range where it is one value. */
function scale(low: number, high: number, from: number, to: number): (value: number) => number {
  if (high === low) return () => (from + to) / 2;
  return (value) => from + ((value - low) / (high - low)) * (to - from);
}
