import type { ContenderName } from '../functions.config.ts';
import type { Better, Interval, MetricRow } from '../formats/comparison.ts';

/** The two sides of a ratio: `contender` / `reference`. */
export interface Pair {
  contender: ContenderName;
  reference: ContenderName;
}

/** What a verdict is read from: a row's kind and one of its ratios, with the pair it is of. */
type RatioOfRow = Pick<MetricRow, 'better'> & Pair & { ratio: number | null; values?: MetricRow['values'] };

/** How a verdict says the winner is better: "faster", "smaller"; by unit unless a row says otherwise. */
export interface Words {
  lower: string;
  higher: string;
}

const adjectives: Record<MetricRow['unit'], Words> = {
  ms: { lower: 'faster', higher: 'slower' },
  'req/s': { lower: 'lower', higher: 'higher' },
  '%': { lower: 'lower', higher: 'higher' },
  count: { lower: 'fewer', higher: 'more' },
  MB: { lower: 'less', higher: 'more' },
  bytes: { lower: 'smaller', higher: 'larger' },
  $: { lower: 'cheaper', higher: 'dearer' },
};

/**
 * One line on who wins a metric between a pair and by how much. With an interval, a difference is claimed only
 * when the interval excludes 1; `note` says why a row that could have one has none, and is the
 * whole verdict of a row that ranks neither side (`better` null).
 */
export function verdict(row: RatioOfRow & Pick<MetricRow, 'unit'> & { words?: Words }, interval: Interval | null, note: string | null = null): string {
  const { ratio, better, unit } = row;
  const words = row.words ?? adjectives[unit];
  if (better === null) return note ?? 'no winner';
  const side = winner({ ...row, interval });
  if (ratio === null) return side ? `${side} ${words[better]} (one side is zero)` : 'n/a';
  if (ratio === 1) return 'equal';
  if (spansOne(interval)) return `no significant difference (95 % CI ${span(interval!)})`;
  const claim = side ? `${side} ${shownFactor(ratio)}× ${words[better]}` : 'about the same';
  if (interval) return `${claim} (95 % CI ${span(interval)})`;
  return note ? `${claim} (${note})` : claim;
}

/**
 * The side of the pair that wins the row, or null where no difference is shown: a row that ranks neither side,
 * a ratio that shows as 1.00× (a winner "1.00× faster" would claim a difference the reader cannot
 * see), an interval that holds 1. With one side at zero there is no ratio but still a winner. The
 * verdict's words and the table's colour both follow it.
 */
export function winner(row: RatioOfRow & { interval?: Interval | null }): ContenderName | null {
  const { better, ratio } = row;
  if (better === null) return null;
  if (ratio === null) return zeroSideWinner(row, better);
  if (shownFactor(ratio) === shownFactor(1) || spansOne(row.interval)) return null;
  return winnerOf(ratio, better, row);
}

function zeroSideWinner({ values, contender, reference }: RatioOfRow, better: Better): ContenderName | null {
  const [mine, theirs] = [values?.[contender] ?? null, values?.[reference] ?? null];
  if (mine === null || theirs === null) return null;
  // Both at zero are equal; neither at zero has a ratio, and no side of this sort.
  if ((mine === 0) === (theirs === 0)) return null;
  const lowerSide = mine === 0 ? contender : reference;
  return better === 'lower' ? lowerSide : lowerSide === contender ? reference : contender;
}

function spansOne(interval: Interval | null | undefined): boolean {
  return interval !== null && interval !== undefined && interval.low <= 1 && interval.high >= 1;
}

/** The larger side over the smaller, as a verdict shows it. */
function shownFactor(ratio: number): string {
  return (ratio > 1 ? ratio : 1 / ratio).toFixed(2);
}

/** contender / reference > 1 means the contender's value is the larger. */
function winnerOf(ratio: number, better: Better, { contender, reference }: Pair): ContenderName {
  return (ratio > 1) === (better === 'lower') ? reference : contender;
}

function span(interval: Interval): string {
  return `${interval.low.toFixed(2)}–${interval.high.toFixed(2)}`;
}
