/**
 * A number on a chart, its precision by its size: 0.84, 12.3, 1,204. The metrics table uses
 * compare/format.ts instead, so its figures read as in the terminal and Markdown tables.
 */
export function formatNumber(value: number): string {
  const size = Math.abs(value);
  const digits = size === 0 || size >= 100 ? 0 : size >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
