import { check } from 'k6';
import http from 'k6/http';
import type { ContenderName } from '../../functions.config.ts';
import { coldStarts, latencyCold, latencyWarm } from './metrics.ts';
import { settings } from './settings.ts';

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** One call of a function through the gateway, checked against the contract and split cold/warm. */
export function callRoute(route: ContenderName): void {
  const tags = { route };
  const response = http.post(`${settings.baseUrl}/${route}`, null, { tags, responseCallback: http.expectedStatuses(201) });
  const body = response.status === 201 ? parse(response.body) : undefined;
  check(
    response,
    {
      'status is 201': (r) => r.status === 201,
      'body is the contract': () =>
        body !== undefined && uuidV4.test(String(body.id)) && body.runtime === route && body.key === `${route}/${body.id}` && typeof body.coldStart === 'boolean',
    },
    tags,
  );
  if (response.status !== 201) return;
  const cold = response.headers['X-Cold-Start'] === 'true';
  (cold ? latencyCold : latencyWarm).add(response.timings.duration, tags);
  if (cold) coldStarts.add(1, tags);
}

function parse(body: unknown): Record<string, unknown> | undefined {
  try {
    return JSON.parse(String(body)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
