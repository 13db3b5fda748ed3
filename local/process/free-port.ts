import { createServer } from 'node:net';

/** A port on 127.0.0.1 that nothing listens on right now: the OS picks it, we release it at once. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address for an ephemeral listener');
  return address.port;
}
