import { CommandError } from '../../toolchain/command.ts';
import type { Invoker } from '../lambda/invocation.ts';
import type { Admin } from './admin.ts';
import { requestHandler } from './handler.ts';
import { integrationTimeoutRangeMs } from './integration.ts';
import { RouteTable, type RouteDeclaration } from './routes.ts';
import { listen } from './server.ts';
import type { ThrottleSettings } from './throttle.ts';

export interface GatewayOptions {
  routes: readonly RouteDeclaration[];
  invoker: Invoker;
  /** The stage's default route throttling. */
  throttling: ThrottleSettings;
  /** How long a request waits for the function before 503; defaults to the HTTP API maximum, 30 s. */
  integrationTimeoutMs?: number;
  admin?: Admin;
  /** Defaults to 0: a free port. */
  port?: number;
}

export interface Gateway {
  url: string;
  port: number;
  /** Closes the server and every connection to it, idle keep-alive ones included. */
  stop(): Promise<void>;
}

/** An API Gateway HTTP API with Lambda proxy integrations (payload format 2.0) on 127.0.0.1. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { min, max } = integrationTimeoutRangeMs;
  const integrationTimeoutMs = options.integrationTimeoutMs ?? max;
  if (!(integrationTimeoutMs >= min && integrationTimeoutMs <= max)) {
    throw new CommandError(`invalid integration timeout: expected ${min} to ${max} ms, got ${integrationTimeoutMs}`);
  }
  const handler = requestHandler({
    routes: new RouteTable(options.routes, options.throttling),
    invoker: options.invoker,
    integrationTimeoutMs,
    admin: options.admin,
  });
  return listen(handler, options.port ?? 0);
}
