import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CommandError } from '../../toolchain/command.ts';

/** Loopback only: the stand-in is for this machine, never for the network. */
const host = '127.0.0.1';

export interface Listening {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * An HTTP/1.1 server that keeps client connections open between requests, as load tests expect
 * of an API endpoint.
 */
export async function listen(handler: RequestListener, port: number): Promise<Listening> {
  const server = createServer(handler);
  // Longer than the clients' own idle timeouts, so the client is the one to close an idle connection
  // and never sends on a socket the server is closing; headers must be allowed longer still.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new CommandError(`the gateway cannot listen on ${host}:${port}: ${error.code === 'EADDRINUSE' ? 'the port is in use' : error.message}`)),
    );
    server.listen(port, host, resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${host}:${bound}`,
    port: bound,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections would hold close() open for up to keepAliveTimeout.
        server.closeAllConnections();
      })),
  };
}
