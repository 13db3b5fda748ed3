import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { toolPaths } from '../paths.ts';

let browser: Browser | undefined;

/**
 * Debian's Chromium, the one `npm test` installs, started by the first test that needs it: a
 * report is checked in a real browser. Without Chromium each test fails with the one line that
 * says how to install it: a report nobody opened in a browser is not tested.
 */
export async function launchedChromium(): Promise<Browser> {
  if (!existsSync(toolPaths.chromium)) {
    throw new Error(`no Chromium at ${toolPaths.chromium}: npm test installs it (as root; otherwise 'sudo apt-get install -y chromium')`);
  }
  browser ??= await chromium.launch({
    executablePath: toolPaths.chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return browser;
}

/** For `afterAll`. */
export async function closeChromium(): Promise<void> {
  await browser?.close();
  browser = undefined;
}
