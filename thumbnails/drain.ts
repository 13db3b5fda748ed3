/**
 * Waiting for a thumbnails run's pipeline to finish after the last upload, then collecting what
 * every upload became. Lambda runs the events asynchronously, so the uploads' outcomes arrive for
 * a while after k6 has ended: a retry after a function error comes 1 and then 2 minutes later.
 */
import { thumbnailPipelineSchemaId, type ThumbnailPipeline } from '../formats/thumbnail-pipeline.ts';
import type { ContenderName } from '../functions.config.ts';
import { listKeys, readItems, type PipelineStores } from './collect.ts';
import { outcomes } from './outcomes.ts';
import { runFolder } from './run-folder.ts';

/** Where the events stand: Lambda's on-failure destination and, on the stand-in, its queue. */
export interface EventSource {
  /** Whose stores and queue: the run's own stand-in, or the deployed stack. */
  kind: 'local' | 'aws';
  /** Source keys of the events Lambda gave up so far. */
  gaveUp(): Promise<Set<string>>;
  /**
   * Whether nothing more can come: every upload's event was seen and the queue holds none. Only
   * the stand-in can know; on AWS the wait ends when every upload is settled, or at the timeout.
   */
  quiet(uploads: number): boolean;
  /**
   * The source keys of events still in Lambda's queue, of `open` (the uploads with no item and no
   * record yet): the stand-in stops its queue and names what it held; AWS's queue cannot be seen,
   * so every open one may still be in it.
   */
  stop(open: readonly string[]): Promise<Set<string>>;
}

export interface DrainOptions {
  stores: PipelineStores;
  source: EventSource;
  runId: string;
  contenders: readonly ContenderName[];
  /** The longest wait: past every retry of the declared settings, by default. */
  timeoutMs: number;
  pollMs?: number;
  report?: (line: string) => void;
}

/** Polls until every upload has an item or an on-failure record, the queue falls quiet, or the time is up. */
export async function drainPipeline(options: DrainOptions): Promise<ThumbnailPipeline> {
  const { stores, source, runId, contenders } = options;
  const started = Date.now();
  const uploads = new Map(await Promise.all(contenders.map(async (name) => [name, await listKeys(stores, runFolder(name, runId).uploads)] as const)));
  const all = [...uploads.values()].flat();
  let open: readonly string[] = all;
  let quietPolls = 0;
  for (;;) {
    // Only the uploads still open are read again: a settled one stays settled.
    const [items, gaveUp] = await Promise.all([readItems(stores, open), source.gaveUp()]);
    open = open.filter((key) => !items.has(key) && !gaveUp.has(key));
    // Two quiet polls in a row: the last event's answer may be on its way to the table.
    quietPolls = source.quiet(all.length) ? quietPolls + 1 : 0;
    if (open.length === 0 || quietPolls >= 2 || Date.now() - started >= options.timeoutMs) break;
    options.report?.(`thumbnails: ${all.length - open.length} of ${all.length} uploads settled, waiting…`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 2_000));
  }
  const unfinished = await source.stop(open);
  const [items, gaveUp] = await Promise.all([readItems(stores, all), source.gaveUp()]);
  const entries = await Promise.all(
    contenders.map(async (name) => {
      const thumbnails = new Set(await listKeys(stores, runFolder(name, runId).thumbnails));
      return [name, outcomes(name, runId, { uploads: uploads.get(name) ?? [], items, thumbnails, gaveUp, unfinished })] as const;
    }),
  );
  return {
    schema: thumbnailPipelineSchemaId,
    stores: source.kind,
    runId,
    drained: { at: new Date().toISOString(), settled: open.length === 0, waitedSeconds: (Date.now() - started) / 1000 },
    contenders: Object.fromEntries(entries),
  };
}
