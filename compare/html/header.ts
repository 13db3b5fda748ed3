import type { Comparison } from '../../formats/comparison.ts';
import { contenderTitle } from '../format.ts';
import { escapeHtml } from './escape.ts';

/** The report's head: the stand-in warning, then what was run, where, when and from which data. */
export function renderHeader({ run, banner, sources, contenders, reference }: Comparison): string {
  const facts: [string, string][] = [
    ['Scenario', run.scenario],
    ['Target', run.target],
    ['Mode', run.mode],
    ['Started', formatStart(run.startedAt)],
    ['Duration', formatDuration(run.durationSeconds)],
    ['Machine', run.machine],
    ['Run', run.id],
  ];
  const data = [
    `raw k6 samples ${sources.raw ? 'yes' : 'no'}`,
    `REPORT records ${sources.reports ? 'yes' : 'no'}`,
    `artefact sizes ${sources.artifacts ? 'yes' : 'no'}`,
    `prices ${sources.pricing}`,
  ].join(' · ');
  const swatches = contenders.map((name) => `<span class="swatch ${escapeHtml(name)}"></span>${escapeHtml(name)}`).join(' ');
  const ratios = contenders.filter((name) => name !== reference).map((name) => `${name} / ${reference}`);
  const hint = ratios.length === 0 ? '' : ` <span class="hint">ratios are ${escapeHtml(ratios.join(', '))}</span>`;
  // The banner goes above everything: whoever opens the file must read it before any number.
  return `${banner === null ? '' : `<aside class="banner" role="note">${escapeHtml(banner)}</aside>\n`}<header class="report-header">
  <p class="eyebrow">lambda-duel · comparison</p>
  <h1>${escapeHtml(contenders.map(contenderTitle).join(' vs '))} on AWS Lambda <span class="scenario">${escapeHtml(run.scenario)} · ${escapeHtml(run.target)}</span></h1>
  <p class="routes">${swatches}${hint}</p>
  <dl class="run-facts">
${facts.map(([term, value]) => `    <div><dt>${term}</dt><dd>${escapeHtml(value)}</dd></div>`).join('\n')}
  </dl>
  <p class="sources">Data: ${escapeHtml(data)}</p>
</header>`;
}

/** An ISO instant as a reader scans it, in UTC; anything unparsable is shown as it came. */
function formatStart(iso: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return `${time.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function formatDuration(seconds: number): string {
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`;
  return `${rest} s`;
}
