import { CommandError } from '../../toolchain/command.ts';
import { TokenBucket, type ThrottleSettings } from './throttle.ts';

export interface RouteDeclaration {
  method: string;
  path: string;
  functionName: string;
}

export interface Route {
  /** `POST /node`: the event's routeKey. */
  routeKey: string;
  functionName: string;
  throttle: TokenBucket;
}

/**
 * The HTTP API's routes, matched exactly on method and path (the declared routes have no
 * parameters, so one map lookup does it). Each route gets its own bucket of the stage's default
 * limits: HTTP APIs apply stage throttling per route, as REST APIs do per method.
 */
export class RouteTable {
  private readonly routes = new Map<string, Route>();

  constructor(declarations: readonly RouteDeclaration[], throttling: ThrottleSettings) {
    for (const { method, path, functionName } of declarations) {
      const routeKey = `${method} ${path}`;
      if (this.routes.has(routeKey)) throw new CommandError(`route '${routeKey}' is declared twice`);
      this.routes.set(routeKey, { routeKey, functionName, throttle: new TokenBucket(throttling) });
    }
  }

  match(method: string, path: string): Route | undefined {
    return this.routes.get(`${method} ${path}`);
  }
}
