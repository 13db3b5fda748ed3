import exec from 'k6/execution';
import http from 'k6/http';
import type { Options } from 'k6/options';
import { baseOptions } from '../k6.config.ts';
import { environmentsPath } from '../local/defaults.ts';
import { callRoute } from './lib/request.ts';
import { settings } from './lib/settings.ts';
import { summaryHandler } from './lib/summary.ts';
import { setup as checkTarget, type SetupData } from './lib/test.ts';

/**
 * Cold starts only: before each measured request every execution environment is dropped through
 * the stand-in's admin endpoint, so each request meets a new one. One VU, the contenders in turn.
 */
export const options: Options = baseOptions(
  settings,
  { coldstart: { executor: 'per-vu-iterations', vus: 1, iterations: settings.coldStarts, exec: 'coldStart', maxDuration: '30m' } },
  { latencyBudget: false },
);

export function setup(): SetupData {
  // On AWS a new environment needs a configuration change: that is `npm run coldstart` with TARGET=aws.
  if (settings.target === 'aws') exec.test.abort('on AWS, cold starts are forced by npm run cold-starts:aws, not by this script');
  return checkTarget();
}

export function coldStart(): void {
  for (const route of settings.contenders) {
    const dropped = http.del(`${settings.baseUrl}${environmentsPath}`, null, { tags: { name: 'drop environments' } });
    if (dropped.status !== 200) exec.test.abort(`could not drop environments at ${settings.baseUrl}: status ${dropped.status}`);
    callRoute(route);
  }
}

export const handleSummary = summaryHandler('coldstart');
