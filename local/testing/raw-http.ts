import { connect, type Socket } from 'node:net';

/**
 * Writes raw bytes on one loopback connection, a few milliseconds apart (so a server sees them as
 * separate reads), and collects everything that comes back until it goes quiet or closes. For
 * servers that must be tried with bytes no HTTP client would send.
 */
export async function rawExchange(port: number, parts: Array<string | Buffer>, quietMs = 150): Promise<{ text: string; closed: boolean }> {
  const socket: Socket = connect({ port, host: '127.0.0.1' });
  let text = '';
  let closed = false;
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  for (const part of parts) {
    socket.write(part);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await new Promise((resolve) => setTimeout(resolve, quietMs));
  socket.destroy();
  return { text, closed };
}
