/**
 * The far end of the benchmark's floor: a second process that answers each newline-ended message
 * on its socket with one of its own, doing no other work. A request relayed through it costs what
 * any stand-in that runs the function as its own process must pay at the least: two loopback hops
 * and two wake-ups. Prints its port.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

const newline = 0x0a;

const server = createServer({ noDelay: true }, (socket) => {
  socket.on('data', (chunk: Buffer) => {
    let answers = '';
    for (let at = chunk.indexOf(newline); at !== -1; at = chunk.indexOf(newline, at + 1)) answers += '{}\n';
    if (answers) socket.write(answers);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
