import http from 'node:http';
import https from 'node:https';
import { functions } from '../functions.config.ts';
import { CommandError } from '../toolchain/command.ts';

/** Long enough for a cold API on AWS to answer at all, short enough that a typo fails at once. */
const probeTimeoutMs = 10_000;

/**
 * Asks the target's no-op route for any answer. Only a failure to get one (refused, unresolved,
 * timed out) stops the run: an HTTP error status still proves something listens there.
 * node:http rather than fetch, which refuses ports that k6 would call (9, 6000, …).
 */
export async function probeTarget(baseUrl: string): Promise<void> {
  const url = new URL(`${baseUrl}${functions.baseline.route.path}`);
  const client = url.protocol === 'https:' ? https : http;
  await new Promise<void>((resolve, reject) => {
    const request = client.request(url, { method: functions.baseline.route.method, timeout: probeTimeoutMs }, (answer) => {
      answer.resume();
      resolve();
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${probeTimeoutMs / 1000} s`)));
    request.on('error', (error: NodeJS.ErrnoException) => reject(new CommandError(`target unreachable: ${baseUrl} (${error.code ?? error.message})`)));
    request.end();
  });
}
