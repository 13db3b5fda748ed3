import type { ClaimVerdict, Claims } from '../../formats/comparison.ts';
import { claimsRule, claimsTitle } from '../claims.ts';
import { escapeHtml } from './escape.ts';

/** A verdict as a class: `holds`, `does-not-hold`, `inconclusive`, `not-measurable-here`. */
const verdictClass = (verdict: ClaimVerdict) => verdict.replaceAll(' ', '-');

/** The claims section: a band per claim in its words with its verdict, a row per metric it speaks of. */
export function renderClaims(claims: Claims): string {
  const bodies = claims.claims.map(
    (claim) => `  <tbody>
    <tr class="claim"><th colspan="2" scope="rowgroup"><q>${escapeHtml(claim.quote)}</q></th><td class="verdict ${verdictClass(claim.verdict)}">${escapeHtml(claim.verdict)}</td></tr>
${claim.checks
  .map(
    (check) => `    <tr data-metric="${escapeHtml(check.metric)}">
      <th scope="row">${escapeHtml(check.label)}</th><td>${escapeHtml(check.why)}</td><td class="verdict ${verdictClass(check.verdict)}">${escapeHtml(check.verdict)}</td>
    </tr>`,
  )
  .join('\n')}
  </tbody>`,
  );
  return `<section id="claims">
<h2>${escapeHtml(claimsTitle(claims))}</h2>
<p class="rule">${escapeHtml(`${claims.measuredOn} ${claimsRule}`)}</p>
<table class="claims">
  <thead><tr><th scope="col">Metric</th><th scope="col">Measured</th><th scope="col">Verdict</th></tr></thead>
${bodies.join('\n')}
</table>
</section>`;
}
