import type { TestProject } from 'vitest/node';
import { startStorage } from './index.ts';

/** Set by `npm test`, which starts the servers once for vitest and cargo test alike. */
export const storageReuseFlag = 'LAMBDA_DUEL_STORAGE_RUNNING';

/** vitest global setup: starts the local storage servers unless the caller already did. */
export default async function setup(_project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env[storageReuseFlag]) return undefined;
  const storage = await startStorage();
  // Test workers are forked after this and inherit the environment.
  Object.assign(process.env, storage.env, { [storageReuseFlag]: '1' });
  return () => storage.stop();
}
