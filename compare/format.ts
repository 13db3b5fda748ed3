import type { MetricRow } from '../formats/comparison.ts';

/** A value as the tables show it, in its row's unit. */
export function formatValue(value: number | null, unit: MetricRow['unit']): string {
  if (value === null || Number.isNaN(value)) return '–';
  switch (unit) {
    case 'ms':
      return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
    case 'req/s':
      return `${value.toFixed(1)}/s`;
    case '%':
      return `${value.toFixed(2)} %`;
    case 'MB':
      return `${value.toFixed(0)} MB`;
    case 'bytes':
      return value >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(2)} MiB` : `${(value / 1024).toFixed(1)} KiB`;
    case '$':
      return `$${value.toFixed(value < 1 ? 4 : 2)}`;
    case 'count':
      return value.toLocaleString('en-US');
  }
}

export function formatRatio(ratio: number | null): string {
  return ratio === null ? '–' : `${ratio.toFixed(2)}×`;
}

/** A contender as a title names it: "Node", "Rust". */
export function contenderTitle(contender: string): string {
  return `${contender[0]!.toUpperCase()}${contender.slice(1)}`;
}
