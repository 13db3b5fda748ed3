import { bundleScenarios } from '../bundle.ts';

/** vitest global setup: bundle the k6 tests once, before any test file runs k6 on them. */
export default async function setup(): Promise<void> {
  await bundleScenarios();
}
