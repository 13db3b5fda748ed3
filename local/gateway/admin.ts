import { environmentsPath } from '../defaults.ts';
import { jsonResponse, type GatewayResponse } from './response.ts';

/**
 * Controls of the local stand-in, not an AWS feature: they sit outside the route table, so they
 * are never throttled and never reach a function.
 */
export interface Admin {
  /** Drops every execution environment, so the next invocations are cold starts; resolves to how many went. */
  dropEnvironments(): Promise<number>;
  environments(): unknown;
}

/** Undefined when the request is not for an admin endpoint (or there is no admin). */
export async function adminResponse(admin: Admin | undefined, method: string, path: string): Promise<GatewayResponse | undefined> {
  if (!admin || path !== environmentsPath) return undefined;
  if (method === 'DELETE') return jsonResponse(200, { dropped: await admin.dropEnvironments() });
  if (method === 'GET') return jsonResponse(200, admin.environments());
  return undefined;
}
