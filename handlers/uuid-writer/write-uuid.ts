import { randomUUID } from 'node:crypto';
import type { Runtime } from '../../functions.config.ts';
import { IdTakenError, type ItemStore, type ObjectStore } from './stores.ts';

export const runtime: Runtime = 'node';

export interface Stores {
  objects: ObjectStore;
  items: ItemStore;
}

export interface Written {
  kind: 'written';
  id: string;
  key: string;
}

/** Nothing the caller can rely on was stored. */
export interface WriteFailed {
  kind: 'failed';
  step: 'put-object' | 'put-item';
  key: string;
  error: unknown;
  /** Set when removing the already written object failed too, so it is left behind under `key`. */
  cleanupError?: unknown;
}

export type WriteOutcome = Written | WriteFailed;

/** Stores a fresh UUID as an object and as an item: both or, as far as the stores allow, neither. */
export function writeUuid(stores: Stores): Promise<WriteOutcome> {
  return writeId(randomUUID(), stores);
}

/** Object first, so an item never points at a missing object. */
export async function writeId(id: string, { objects, items }: Stores): Promise<WriteOutcome> {
  const key = `${runtime}/${id}`;
  try {
    await objects.put(key, id);
  } catch (error) {
    return { kind: 'failed', step: 'put-object', key, error };
  }
  try {
    await items.putNew({ id, runtime, s3Key: key, createdAt: new Date().toISOString() });
  } catch (error) {
    // On a taken id (a UUID v4 collision, odds near 2^-122) the put rewrote the existing item's
    // object with the same bytes: removing it would orphan that item.
    if (error instanceof IdTakenError) return { kind: 'failed', step: 'put-item', key, error };
    return { kind: 'failed', step: 'put-item', key, error, cleanupError: await removeObject(objects, key) };
  }
  return { kind: 'written', id, key };
}

/** Resolves to the error that kept the object from being removed, or undefined once it is gone. */
function removeObject(objects: ObjectStore, key: string): Promise<unknown> {
  return objects.delete(key).then(
    () => undefined,
    (error: unknown) => error,
  );
}
