import type { Route } from '../k6.config.ts';
import type { Better, Interval, MetricRow } from '../formats/comparison.ts';

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
  const side = winner({ ...row, interval });
  if (ratio === null) return side ? `${side} ${adjectives[unit][better]} (one side is zero)` : 'n/a';
  if (ratio === 1) return 'equal';
  if (spansOne(interval)) return `no significant difference (95 % CI ${span(interval!)})`;
  const claim = side ? `${side} ${shownFactor(ratio)}× ${adjectives[unit][better]}` : 'about the same';
  if (interval) return `${claim} (95 % CI ${span(interval)})`;
  return note ? `${claim} (${note})` : claim;
}

/**
 * The side that wins the row, or null where no difference is shown: a row that ranks neither side,
 * a ratio that shows as 1.00× (a winner "1.00× faster" would claim a difference the reader cannot
 * see), an interval that holds 1. With one side at zero there is no ratio but still a winner. The
 * verdict's words and the table's colour both follow it.
 */
export function winner(row: Pick<MetricRow, 'better' | 'ratio'> & { values?: MetricRow['values']; interval?: Interval | null }): Route | null {
  const { better, ratio } = row;
  if (better === null) return null;
  if (ratio === null) return zeroSideWinner(row.values, better);
  if (shownFactor(ratio) === shownFactor(1) || spansOne(row.interval)) return null;
  return winnerOf(ratio, better);
}

function zeroSideWinner(values: MetricRow['values'] | undefined, better: Better): Route | null {
  if (!values || values.node === null || values.rust === null) return null;
  // Both at zero are equal; neither at zero has a ratio, and no side of this sort.
  if ((values.node === 0) === (values.rust === 0)) return null;
  const lowerSide: Route = values.node === 0 ? 'node' : 'rust';
  return better === 'lower' ? lowerSide : lowerSide === 'node' ? 'rust' : 'node';
}

function spansOne(interval: Interval | null | undefined): boolean {
  return interval !== null && interval !== undefined && interval.low <= 1 && interval.high >= 1;
}

/** The larger side over the smaller, as a verdict shows it. */
function shownFactor(ratio: number): string {
  return (ratio > 1 ? ratio : 1 / ratio).toFixed(2);
}

/** node / rust > 1 means node's value is the larger. */
function winnerOf(ratio: number, better: Better): Route {
  return (ratio > 1) === (better === 'lower') ? 'rust' : 'node';
}

function span(interval: Interval): string {
  return `${interval.low.toFixed(2)}–${interval.high.toFixed(2)}`;
}
