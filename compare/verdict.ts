import type { Route } from '../k6.config.ts';
import type { Better, Interval, MetricRow } from './model.ts';

const adjectives: Record<MetricRow['unit'], { lower: string; higher: string }> = {
  ms: { lower: 'faster', higher: 'slower' },
  'req/s': { lower: 'lower', higher: 'higher' },
  '%': { lower: 'lower', higher: 'higher' },
  count: { lower: 'fewer', higher: 'more' },
  MB: { lower: 'less', higher: 'more' },
  bytes: { lower: 'smaller', higher: 'larger' },
  $: { lower: 'cheaper', higher: 'dearer' },
};

/**
 * One line on who wins a metric and by how much. With an interval, a difference is claimed only
 * when the interval excludes 1; `note` says why a row that could have one has none, and is the
 * whole verdict of a row that ranks neither side (`better` null).
 */
export function verdict(row: Pick<MetricRow, 'unit' | 'better' | 'ratio'> & { values?: MetricRow['values'] }, interval: Interval | null, note: string | null = null): string {
  const { ratio, better, unit } = row;
  if (better === null) return note ?? 'no winner';
  if (ratio === null) return oneSideZero({ unit, better, values: row.values }) ?? 'n/a';
  if (ratio === 1) return 'equal';
  if (interval && interval.low <= 1 && interval.high >= 1) return `no significant difference (95 % CI ${span(interval)})`;
  const claim = looksEqual(ratio) ? 'about the same' : `${winnerOf(ratio, better)} ${shownFactor(ratio)}× ${adjectives[unit][better]}`;
  if (interval) return `${claim} (95 % CI ${span(interval)})`;
  return note ? `${claim} (${note})` : claim;
}

/** With one side at zero there is no factor, but still a better side. */
function oneSideZero({ values, better, unit }: Pick<MetricRow, 'unit'> & { better: Better; values?: MetricRow['values'] }): string | undefined {
  if (!values || values.node === null || values.rust === null) return undefined;
  if (values.node !== 0 && values.rust !== 0) return undefined;
  const lowerSide: Route = values.node === 0 ? 'node' : 'rust';
  const winner = better === 'lower' ? lowerSide : lowerSide === 'node' ? 'rust' : 'node';
  return `${winner} ${adjectives[unit][better]} (one side is zero)`;
}

/**
 * Whether the ratio shows as 1.00×: a winner "1.00× faster" would claim a difference the reader
 * cannot see, so neither the verdict nor the table names one.
 */
export function looksEqual(ratio: number): boolean {
  return shownFactor(ratio) === shownFactor(1);
}

/** The larger side over the smaller, as a verdict shows it. */
function shownFactor(ratio: number): string {
  return (ratio > 1 ? ratio : 1 / ratio).toFixed(2);
}

/** node / rust > 1 means node's value is the larger. */
export function winnerOf(ratio: number, better: Better): Route {
  return (ratio > 1) === (better === 'lower') ? 'rust' : 'node';
}

function span(interval: Interval): string {
  return `${interval.low.toFixed(2)}–${interval.high.toFixed(2)}`;
}
