import { formatDollars } from '../cost.ts';
import type { MetricRow } from '../model.ts';

/** A number for people, its precision by its size: 0.84, 12.3, 1,204. */
export function formatNumber(value: number): string {
  const size = Math.abs(value);
  const digits = size === 0 || size >= 100 ? 0 : size >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A metric value with its unit; a missing value is a dash, never a zero. */
export function formatValue(value: number | null, unit: MetricRow['unit']): string {
  if (value === null) return '–';
  switch (unit) {
    case '$':
      return formatDollars(value);
    case 'count':
      return Math.round(value).toLocaleString('en-US');
    case 'bytes':
      return formatBytes(value);
    default:
      return `${formatNumber(value)} ${unit}`;
  }
}

/** node / rust as a factor. */
export function formatRatio(ratio: number | null): string {
  return ratio === null ? '–' : `${ratio.toFixed(2)}×`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${formatNumber(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${formatNumber(bytes / 1e3)} kB`;
  return `${Math.round(bytes)} B`;
}
