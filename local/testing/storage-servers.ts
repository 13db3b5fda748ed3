import type { TestProject } from 'vitest/node';
import { startStorage, storageReuseFlag } from '../storage/index.ts';

/** vitest global setup: starts the local storage servers unless the caller already did. */
export default async function setup(_project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env[storageReuseFlag]) return undefined;
  const storage = await startStorage();
  // Test workers are forked after this and inherit the environment.
  Object.assign(process.env, storage.env, { [storageReuseFlag]: '1' });
  return () => storage.stop();
}
