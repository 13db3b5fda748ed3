import type { RawView } from './compare-run.ts';

/** What a run's raw k6 output adds to its comparison. */
export async function rawView(_file: string): Promise<RawView | null> {
  return null;
}
