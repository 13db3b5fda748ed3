/**
 * Closed-loop load for the maximum sustained rate: `concurrency` callers, each sending its next
 * request as soon as the last one answered, for `seconds`. Prints { requests, errors, seconds }.
 */
import { Agent, request } from 'node:http';

const { url, concurrency, seconds } = JSON.parse(process.argv[2]!) as { url: string; concurrency: number; seconds: number };
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);
let requests = 0;
let errors = 0;

function once(): Promise<void> {
  return new Promise((resolve) => {
    const call = request(target, { method: 'POST', agent }, (response) => {
      response.resume();
      response.on('end', () => {
        if (response.statusCode! >= 300) errors += 1;
        else requests += 1;
        resolve();
      });
    });
    call.on('error', () => ((errors += 1), resolve()));
    call.end();
  });
}

const deadline = performance.now() + seconds * 1000;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) await once();
  }),
);
agent.destroy();
process.stdout.write(JSON.stringify({ requests, errors, seconds: (performance.now() - started) / 1000 }));
