import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { asyncFailuresFile, asyncUnfinishedFile, type AsyncFailureRecord, type UnfinishedEvent } from '../formats/async-failure.ts';
import type { StandIn } from '../local/stand-in.ts';
import { eventKeys } from './collect.ts';
import type { EventSource } from './drain.ts';

/** The stand-in's events: its on-failure file, its S3 notifications' count and its queue. */
export function standInEvents(standIn: StandIn): EventSource {
  const events = standIn.events;
  if (!events) throw new Error('the stand-in runs no thumbnailer: it has no S3 events');
  return {
    kind: 'local',
    gaveUp: async () => new Set((await jsonLines<AsyncFailureRecord>(path.join(standIn.logDir, asyncFailuresFile.name))).flatMap((record) => eventKeys(record.requestPayload))),
    // Delivered, not received: only an upload matches a rule, and versitygw also reports each thumbnail.
    quiet: (uploads) => events.notifications.counts().delivered >= uploads && events.queue.pending() === 0,
    stop: async () => {
      await events.stop();
      const held = await jsonLines<UnfinishedEvent>(path.join(standIn.logDir, asyncUnfinishedFile.name));
      return new Set(held.flatMap((event) => eventKeys(JSON.parse(event.payload))));
    },
  };
}

async function jsonLines<T>(file: string): Promise<T[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);
}
