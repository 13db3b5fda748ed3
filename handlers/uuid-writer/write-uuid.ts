import { randomUUID } from 'node:crypto';
import type { ContenderName } from '../../functions.config.ts';
import type { Deadlines } from './deadlines.ts';
import { OutcomeUnknownError } from './store-call.ts';
import { IdTakenError, type ItemStore, type ObjectStore } from './stores.ts';

export const runtime: ContenderName = 'node';

export interface Stores {
  objects: ObjectStore;
  items: ItemStore;
}

export type WriteStep = 'put-object' | 'put-item';

export interface Written {
  kind: 'written';
  id: string;
  key: string;
}

/** Nothing the caller can rely on was stored, and the store said so. */
export interface WriteFailed {
  kind: 'failed';
  step: WriteStep;
  key: string;
  error: unknown;
  /** Set when removing the already written object failed too, so it may be left behind under `key`. */
  cleanupError?: unknown;
}

/**
 * A write got no definite answer by its deadline and may still take effect. The object is kept, so
 * an item applied later never points at a missing one; if the item never arrives, the object under
 * `key` is an orphan that this outcome's log line accounts for.
 */
export interface WriteUnknown {
  kind: 'unknown';
  step: WriteStep;
  key: string;
  error: unknown;
}

export type WriteOutcome = Written | WriteFailed | WriteUnknown;

/** Stores a fresh UUID as an object and as an item: both or, as far as the stores allow, neither. */
export function writeUuid(stores: Stores, deadlines: Deadlines): Promise<WriteOutcome> {
  return writeId(randomUUID(), stores, deadlines);
}

/** Object first, so an item never points at a missing object. */
export async function writeId(id: string, { objects, items }: Stores, deadlines: Deadlines): Promise<WriteOutcome> {
  const key = `${runtime}/${id}`;
  try {
    await objects.put(key, id, deadlines.writes);
  } catch (error) {
    return notWritten('put-object', key, error);
  }
  try {
    await items.putNew({ id, runtime, s3Key: key, createdAt: new Date().toISOString() }, deadlines.writes);
  } catch (error) {
    // On a taken id (a UUID v4 collision, odds near 2^-122) the put rewrote the existing item's
    // object with the same bytes: removing it would orphan that item. On an unknown outcome the
    // item may still be written: removing the object could leave it dangling.
    if (error instanceof IdTakenError || error instanceof OutcomeUnknownError) return notWritten('put-item', key, error);
    return { kind: 'failed', step: 'put-item', key, error, cleanupError: await removeObject(objects, key, deadlines.cleanup) };
  }
  return { kind: 'written', id, key };
}

function notWritten(step: WriteStep, key: string, error: unknown): WriteFailed | WriteUnknown {
  return { kind: error instanceof OutcomeUnknownError ? 'unknown' : 'failed', step, key, error };
}

/** Resolves to the error that kept the object from being removed, or undefined once it is gone. */
function removeObject(objects: ObjectStore, key: string, deadline: number): Promise<unknown> {
  return objects.delete(key, deadline).then(
    () => undefined,
    (error: unknown) => error,
  );
}
