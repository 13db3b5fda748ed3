import { defineConfig } from 'vitest/config';
import { quietSdkNodeNotice } from './toolchain/sdk-notice.ts';

// Before the global setup builds its first SDK client; the test workers inherit it.
quietSdkNodeNotice();

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'rust/**', '.tools/**'],
    globalSetup: ['local/testing/storage-servers.ts', 'scenarios/testing/bundled-scenarios.ts'],
    // Tests talk to real servers and child processes; the defaults are for pure functions.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
