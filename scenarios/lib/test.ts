/** What every load test exports besides its options: the per-route iterations and setup. */
import exec from 'k6/execution';
import http from 'k6/http';
import { functions } from '../../functions.config.ts';
import { interleavedRoute } from '../../k6.config.ts';
import { callRoute } from './request.ts';
import { settings } from './settings.ts';

export interface SetupData {
  startedAt: number;
}

/** Fails fast, in one line, when nothing answers at the target. */
export function setup(): SetupData {
  const probe = http.request(functions.baseline.route.method, `${settings.baseUrl}${functions.baseline.route.path}`, null, { tags: { name: 'setup' }, responseCallback: http.expectedStatuses({ min: 100, max: 599 }) });
  if (probe.status === 0) exec.test.abort(`target unreachable: ${settings.baseUrl} (${probe.error})`);
  return { startedAt: Date.now() };
}

export function node(): void {
  callRoute('node');
}

export function rust(): void {
  callRoute('rust');
}

/** Each iteration goes to the route whose block of time it is (the block length comes with the scenario). */
export function interleaved(data: SetupData): void {
  callRoute(interleavedRoute(Date.now() - data.startedAt, Number(__ENV.BLOCK_SECONDS)));
}
