import type { Claim, ClaimCheck, ClaimVerdict, Claims, Interval, MetricRow } from '../formats/comparison.ts';
import type { ClaimedRow, SeedClaim, SeedClaims } from './seed-claims.ts';

/** How a verdict is reached, said once wherever the claims are shown. */
export const claimsRule =
  'A check holds when the whole 95 % interval of the measured factor lies inside the claimed one, does not hold when it lies wholly outside, and is inconclusive when it spans a bound; a sampled statistic without an interval is inconclusive, an exact size or a cost derived from means decides alone. A claim holds only when each of its measurable checks holds, and does not when any fails.';

/** The claims' heading: whose they are, and which contender they say wins. */
export function claimsTitle(claims: Claims): string {
  return `Claims of ${claims.source}: ${claims.winner} against ${claims.loser}`;
}

/**
 * Holds each claim against the run's rows, taken with the claimed winner as the reference, so
 * each row has the loser's ratio against the winner with its interval.
 */
export function checkClaims(seed: SeedClaims, rowsAgainstWinner: MetricRow[], measuredOn: string): Claims {
  const rows = new Map(rowsAgainstWinner.map((row) => [row.id, row]));
  const claims = seed.claims.map((claim): Claim => {
    const checks = claim.metrics.map((metric) => checkRow(seed, claim, metric, rows.get(metric.row)));
    return { quote: claim.quote, claimed: claim.claimed, verdict: overall(checks), checks };
  });
  return { source: seed.source, winner: seed.winner, loser: seed.loser, measuredOn, claims };
}

/**
 * The factor the claimed winner measured better by, held to the claimed range: with an interval,
 * it holds when the whole interval lies inside the range and fails when it lies wholly outside; a
 * sampled statistic without one is inconclusive; an exact or derived figure decides alone.
 */
function checkRow(seed: SeedClaims, claim: SeedClaim, { row: metric, decidedBy, absent }: ClaimedRow, row: MetricRow | undefined): ClaimCheck {
  if (!row) return { metric, label: absent?.label ?? metric, factor: null, interval: null, verdict: 'not measurable here', why: absent?.why ?? 'this run has no such figure' };
  const base = { metric, label: row.label };
  const ratio = row.ratios.find((each) => each.contender === seed.loser);
  if (row.better === null || !ratio) {
    return { ...base, factor: null, interval: null, verdict: 'not measurable here', why: `not set by the function: ${ratio?.verdict ?? 'no winner'}` };
  }
  const [loser, winner] = [row.values[seed.loser] ?? null, row.values[seed.winner] ?? null];
  if (loser === 0 && winner === 0) return { ...base, factor: null, interval: null, verdict: 'not measurable here', why: 'zero for both: no factor between them' };
  if (ratio.ratio === null) {
    return { ...base, factor: null, interval: null, verdict: 'not measurable here', why: `no figure for ${loser === null ? seed.loser : seed.winner} in this run` };
  }
  // The row's ratio is loser / winner; where higher is better, the winner's factor is its inverse.
  const factor = row.better === 'lower' ? ratio.ratio : 1 / ratio.ratio;
  const interval = ratio.interval && (row.better === 'lower' ? ratio.interval : invert(ratio.interval));
  const { claimed } = claim;
  const why = `${measured(seed, factor, interval, row.unit)}; claimed ${range(claimed)}`;
  if (!interval && decidedBy === 'interval') {
    return { ...base, factor, interval, verdict: 'inconclusive', why: `${why}, but no interval (fewer than 2 samples a side, or a run without RAW=1)` };
  }
  const [low, high] = interval ? [interval.low, interval.high] : [factor, factor];
  const verdict: ClaimVerdict = low >= claimed.low && high <= claimed.high ? 'holds' : high < claimed.low || low > claimed.high ? 'does not hold' : 'inconclusive';
  return { ...base, factor, interval, verdict, why };
}

/** Fails on any check that fails; holds only when every measurable one holds. */
function overall(checks: ClaimCheck[]): ClaimVerdict {
  const measurable = checks.filter((check) => check.verdict !== 'not measurable here');
  if (measurable.length === 0) return 'not measurable here';
  if (measurable.some((check) => check.verdict === 'does not hold')) return 'does not hold';
  return measurable.every((check) => check.verdict === 'holds') ? 'holds' : 'inconclusive';
}

/** Who measured better and by how much, the interval turned the same way: "python 1.28× better (95 % CI 0.96–1.37)". */
function measured(seed: SeedClaims, factor: number, interval: Interval | null, unit: MetricRow['unit']): string {
  const [side, shown, shownInterval] = factor >= 1 ? [seed.winner, factor, interval] : [seed.loser, 1 / factor, interval && invert(interval)];
  const claim = `${side} ${shown.toFixed(2)}× better`;
  if (shownInterval) return `${claim} (95 % CI ${shownInterval.low.toFixed(2)}–${shownInterval.high.toFixed(2)})`;
  return unit === 'bytes' ? `${claim} (exact sizes)` : claim;
}

function invert(interval: Interval): Interval {
  return { ...interval, low: 1 / interval.high, high: 1 / interval.low };
}

function range({ low, high }: { low: number; high: number }): string {
  return `${low}–${high}×`;
}
