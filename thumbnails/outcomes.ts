/**
 * What every upload of a run became, from what the stores hold: each counted in exactly one
 * outcome (formats/thumbnail-pipeline.ts), and apart from them any thumbnail of no upload.
 */
import type { ContenderName } from '../functions.config.ts';
import type { FailureType } from '../formats/thumbnail-item.ts';
import { outcomeExamples, type ContenderPipeline, type KeyList } from '../formats/thumbnail-pipeline.ts';
import type { SeenItem } from './collect.ts';
import { runFolder } from './run-folder.ts';

export interface Sightings {
  uploads: readonly string[];
  items: Map<string, SeenItem>;
  thumbnails: ReadonlySet<string>;
  /** Source keys Lambda gave up, from the on-failure destination. */
  gaveUp: ReadonlySet<string>;
  /** Source keys still queued when the stand-in stopped. */
  unfinished: ReadonlySet<string>;
}

/** One contender's uploads, each in exactly one outcome. */
export function outcomes(contender: ContenderName, runId: string, seen: Sightings): ContenderPipeline {
  const folder = runFolder(contender, runId);
  const thumbnailOf = (source: string) => folder.thumbnails + source.slice(folder.uploads.length);
  const lists = { gaveUp: [] as string[], unfinished: [] as string[], lost: [] as string[], inconsistent: [] as string[] };
  const byType: Partial<Record<FailureType, number>> = {};
  const done: SeenItem[] = [];
  for (const key of seen.uploads) {
    const item = seen.items.get(key);
    if (item?.status === 'done') {
      if (item.thumbnailKey === thumbnailOf(key) && seen.thumbnails.has(item.thumbnailKey)) done.push(item);
      else lists.inconsistent.push(key);
    } else if (item) {
      if (seen.thumbnails.has(thumbnailOf(key))) lists.inconsistent.push(key);
      else if (item.errorType) byType[item.errorType] = (byType[item.errorType] ?? 0) + 1;
      else lists.inconsistent.push(key);
    } else if (seen.gaveUp.has(key)) lists.gaveUp.push(key);
    else if (seen.unfinished.has(key)) lists.unfinished.push(key);
    else lists.lost.push(key);
  }
  const uploads = new Set(seen.uploads);
  const stray = [...seen.thumbnails].filter((thumbnail) => !uploads.has(folder.uploads + thumbnail.slice(folder.thumbnails.length)));
  return {
    uploads: seen.uploads.length,
    done: done.length,
    failed: { count: Object.values(byType).reduce((sum, count) => sum + count, 0), byType },
    gaveUp: keyList(lists.gaveUp),
    unfinished: keyList(lists.unfinished),
    lost: keyList(lists.lost),
    inconsistent: keyList(lists.inconsistent),
    strayThumbnails: keyList(stray),
    endToEndMs: done.map((item) => Date.parse(item.processedAt) - Date.parse(item.eventTime)),
    window: windowOf(done),
    sourceBytes: done.reduce((sum, item) => sum + (item.sourceBytes ?? 0), 0),
    thumbnailBytes: done.reduce((sum, item) => sum + (item.thumbnailBytes ?? 0), 0),
  };
}

function keyList(keys: string[]): KeyList {
  return { count: keys.length, keys: keys.slice(0, outcomeExamples) };
}

/** A loop, not Math.min(...all): a spread of a large run's items overflows the stack. */
function windowOf(done: readonly SeenItem[]): { from: string; to: string } | null {
  if (done.length === 0) return null;
  let from = Infinity;
  let to = -Infinity;
  for (const item of done) {
    from = Math.min(from, Date.parse(item.eventTime));
    to = Math.max(to, Date.parse(item.processedAt));
  }
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}
