/** What every load test exports besides its options: the iterations and setup. */
import exec from 'k6/execution';
import http from 'k6/http';
import { functions, isContender, type ContenderName } from '../../functions.config.ts';
import { interleavedRoute, routeVariable } from '../../k6.config.ts';
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

/** A route's own scenario (parallel, sequential): the route comes with the scenario's `env` (k6.config.ts `loadScenarios`). */
export function route(): void {
  callRoute(scenarioRoute());
}

function scenarioRoute(): ContenderName {
  const name = __ENV[routeVariable] ?? '';
  if (!isContender(name)) exec.test.abort(`scenario ${exec.scenario.name}: ${routeVariable} '${name}' is no declared contender`);
  return name as ContenderName;
}

/** Each iteration goes to the route whose block of time it is (the block length comes with the scenario). */
export function interleaved(data: SetupData): void {
  callRoute(interleavedRoute(Date.now() - data.startedAt, Number(__ENV.BLOCK_SECONDS), settings.contenders));
}
