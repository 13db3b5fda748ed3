/**
 * How much the stand-in adds to a request, measured through its no-op `baseline` route against a
 * bare Node HTTP server on the same loopback, in one run with the two interleaved in blocks.
 * Prints the added latency at p50 and p99 (median of blocks, and their range) and the no-op
 * route's maximum sustained request rate.
 *
 *   npm run bench:stand-in [-- --rate 200 --blocks 10 --block-seconds 3]
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { functions, stageThrottling } from '../functions.config.ts';
import { ascending, median, percentile, range } from '../compare/statistics.ts';
import { startStandIn } from '../local/stand-in.ts';
import { repoRoot } from '../toolchain/paths.ts';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '200' },
    blocks: { type: 'string', default: '10' },
    'block-seconds': { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '16' },
  },
});
const plan = { ratePerSecond: Number(args.rate), blocks: Number(args.blocks), blockSeconds: Number(args['block-seconds']) };

async function startBareServer(): Promise<{ url: string; close(): void }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => (server.close(), server.closeAllConnections()),
  };
}

/** Runs a bench client as a separate Node process (through tsx) and returns its JSON output. */
async function runClient<T>(file: string, input: unknown): Promise<T> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench', file), JSON.stringify(input)], {
    cwd: repoRoot,
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(stdout) as T;
}

function fmt(ms: number): string {
  return `${ms.toFixed(3)} ms`;
}

/**
 * The stage's throttling is a cost guard, not plumbing: left on, it would cap the measured rate at
 * its own limit. The bucket is still consulted on every request, as in a run.
 */
const unthrottled = { rateLimit: Number.MAX_SAFE_INTEGER, burstLimit: Number.MAX_SAFE_INTEGER };

const bare = await startBareServer();
const standIn = await startStandIn({
  functions: [functions.baseline],
  logDir: mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-bench-')),
  throttling: unthrottled,
});
try {
  const targets = [
    { name: 'bare', url: bare.url },
    { name: 'stand-in', url: `${standIn.url}${functions.baseline.route.path}` },
  ];
  console.log(`added latency: ${plan.ratePerSecond} req/s, ${plan.blocks} interleaved blocks of ${plan.blockSeconds} s per target, ${os.cpus().length} cores`);
  const blocks = await runClient<Array<Record<string, number[]>>>('load-client.ts', { targets, ...plan });
  for (const p of [50, 99]) {
    const added = blocks.map((block) => percentile(ascending(block['stand-in']!), p) - percentile(ascending(block.bare!), p));
    const baseline = blocks.map((block) => percentile(ascending(block.bare!), p));
    const spread = range(added);
    console.log(
      `  p${p}: bare ${fmt(median(baseline))}, added by the stand-in ${fmt(median(added))} (median of ${blocks.length} blocks; range ${fmt(spread.min)} to ${fmt(spread.max)})`,
    );
  }
  const concurrency = Number(args.concurrency);
  console.log(`max sustained rate: closed loop, ${concurrency} concurrent callers, 10 s each (stage throttling lifted; deployed, it caps the route at ${stageThrottling.rateLimit} req/s)`);
  for (const target of targets) {
    const result = await runClient<{ requests: number; errors: number; seconds: number }>('throughput-client.ts', { url: target.url, concurrency, seconds: 10 });
    console.log(`  ${target.name}: ${Math.round(result.requests / result.seconds)} req/s (${result.errors} errors)`);
  }
  console.log(`  environments used by the no-op route: ${JSON.stringify(standIn.lambda.environments().baseline)}`);
} finally {
  bare.close();
  await standIn.stop();
}
