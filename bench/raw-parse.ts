/**
 * How fast `readRawRun` reads k6's raw output, and in how much memory. Writes a synthetic file in
 * k6 v1's exact layout (per request the 16–17 lines k6 writes: http_req_* timings, http_reqs,
 * http_req_failed, checks, latency_warm or _cold, data_*, iteration_*, with the same tags) to a
 * temporary folder, plain and gzipped (level 1: generation time, not reading time, grows with the
 * level), reads each in a fresh Node process so that its peak RSS is the reader's own, prints
 * points/s, MB/s, elapsed and peak RSS, and deletes the files.
 *
 *   npx tsx bench/raw-parse.ts [--gigabytes 1] [--plain-only]
 */
import { execFile } from 'node:child_process';
import { closeSync, createReadStream, createWriteStream, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createGzip } from 'node:zlib';
import { readRawRun } from '../compare/raw/read-raw.ts';
import { seededRandom } from '../compare/random.ts';
import { positive, readOptions } from './arguments.ts';

const args = readOptions({
  gigabytes: { type: 'string', default: '1' },
  'plain-only': { type: 'boolean', default: false },
  /** Internal: read one file and print the figures as JSON. */
  read: { type: 'string' },
});

interface Reading {
  lines: number;
  durationPoints: number;
  seconds: number;
  maxRssMb: number;
}

async function main(gigabytes: number, plainOnly: boolean): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-raw-bench-'));
  try {
    const plain = path.join(dir, 'bench.raw.json');
    let started = Date.now();
    const written = writeSynthetic(plain, gigabytes * 1024 ** 3);
    console.log(`wrote ${mb(written.bytes)} MB, ${written.lines.toLocaleString('en')} lines, ${written.requests.toLocaleString('en')} requests in ${secondsSince(started)} s`);
    report('plain', written.bytes, await readInChild(plain));
    if (plainOnly) return;
    started = Date.now();
    const gzipped = `${plain}.gz`;
    await pipeline(createReadStream(plain), createGzip({ level: 1 }), createWriteStream(gzipped));
    console.log(`gzipped to ${mb(statSync(gzipped).size)} MB in ${secondsSince(started)} s`);
    rmSync(plain);
    report('gzip', written.bytes, await readInChild(gzipped));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function readInChild(file: string): Promise<Reading> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--read', file]);
  return JSON.parse(stdout) as Reading;
}

function report(label: string, bytes: number, reading: Reading): void {
  const perSecond = (count: number) => Math.round(count / reading.seconds).toLocaleString('en');
  console.log(
    `${label.padEnd(6)} ${reading.seconds.toFixed(2)} s: ${perSecond(reading.lines)} points/s (all lines), ` +
      `${perSecond(reading.durationPoints)} http_req_duration points/s, ${(mb(bytes) / reading.seconds).toFixed(0)} MB/s of JSON, ` +
      `peak RSS ${reading.maxRssMb.toFixed(0)} MB`,
  );
}

/** Requests as k6 v1 writes them, interleaved between the routes, 200 per second, until `bytes`. */
function writeSynthetic(file: string, bytes: number): { bytes: number; lines: number; requests: number } {
  const fd = openSync(file, 'w');
  const random = seededRandom(7);
  let written = 0;
  let lines = 0;
  let requests = 0;
  let timeMs = Date.parse('2026-11-23T19:41:35Z');
  const write = (text: string) => {
    written += writeSync(fd, text);
  };
  write(`${declarations.join('\n')}\n`);
  lines += declarations.length;
  while (written < bytes) {
    const batch: string[] = [];
    for (let i = 0; i < 2_000; i += 1) {
      timeMs += 5;
      const route = Math.floor(timeMs / 10_000) % 2 === 0 ? 'node' : 'rust';
      const block = request(route, timeMs, random);
      batch.push(block.text);
      lines += block.lines;
      requests += 1;
    }
    write(batch.join(''));
  }
  closeSync(fd);
  return { bytes: written, lines, requests };
}

const declarations = ['http_reqs', 'http_req_duration', 'latency_cold', 'latency_warm'].map(
  (metric) => `{"type":"Metric","data":{"name":"${metric}","type":"trend","contains":"time","thresholds":[],"submetrics":null},"metric":"${metric}"}`,
);
const timings = ['http_req_blocked', 'http_req_connecting', 'http_req_tls_handshaking', 'http_req_sending', 'http_req_waiting', 'http_req_receiving'];

function request(route: 'node' | 'rust', timeMs: number, random: () => number): { text: string; lines: number } {
  const time = (offsetNs: number) => `${new Date(timeMs).toISOString().slice(0, 23)}${String(Math.floor(random() * 1e6) + offsetNs).padStart(6, '0').slice(-6)}Z`;
  const end = time(0);
  const later = time(300);
  // Log-normal-ish latency around 12 ms (rust) or 25 ms (node), a long tail, a cold start in a thousand.
  const cold = random() < 0.001;
  const duration = (route === 'node' ? 25 : 12) * Math.exp(0.6 * gaussian(random)) + (cold ? (route === 'node' ? 900 : 300) : 0);
  const failed = random() < 0.005;
  const status = failed ? (random() < 0.5 ? '502' : '503') : '201';
  const url = `http://127.0.0.1:3210/${route}`;
  const httpTags = `{"expected_response":"${!failed}","group":"","method":"POST","name":"${url}","proto":"HTTP/1.1","route":"${route}","scenario":"interleaved","status":"${status}","target":"local","url":"${url}"}`;
  const iterationTags = '{"group":"","scenario":"interleaved","target":"local"}';
  const routeTags = `{"group":"","route":"${route}","scenario":"interleaved","target":"local"}`;
  const point = (metric: string, at: string, value: number, tags: string) => `{"metric":"${metric}","type":"Point","data":{"time":"${at}","value":${value},"tags":${tags}}}\n`;
  const round = (value: number) => Math.round(value * 1e6) / 1e6;
  const parts = [
    point('http_reqs', end, 1, httpTags),
    point('http_req_duration', end, round(duration), httpTags),
    ...timings.map((metric) => point(metric, end, metric === 'http_req_waiting' ? round(duration * 0.98) : metric === 'http_req_tls_handshaking' ? 0 : round(random() * 0.3), httpTags)),
    point('http_req_failed', end, failed ? 1 : 0, httpTags),
    point('checks', later, failed ? 0 : 1, `{"check":"status is 201","group":"","route":"${route}","scenario":"interleaved","target":"local"}`),
    point('checks', later, failed ? 0 : 1, `{"check":"body is the contract","group":"","route":"${route}","scenario":"interleaved","target":"local"}`),
    ...(failed ? [] : [point(cold ? 'latency_cold' : 'latency_warm', later, round(duration), routeTags)]),
    ...(cold ? [point('cold_starts', later, 1, routeTags)] : []),
    point('data_sent', later, 95, iterationTags),
    point('data_received', later, 348, iterationTags),
    point('iteration_duration', later, round(duration + 1.1), iterationTags),
    point('iterations', later, 1, iterationTags),
  ];
  return { text: parts.join(''), lines: parts.length };
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}


function mb(bytes: number): number {
  return Math.round(bytes / 1024 ** 2);
}

function secondsSince(startedMs: number): string {
  return ((Date.now() - startedMs) / 1000).toFixed(1);
}

if (args.read) {
  const started = process.hrtime.bigint();
  const run = await readRawRun(args.read);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const durationPoints = Object.values(run.routes).reduce((sum, route) => sum + route.latency.count, 0);
  const reading: Reading = { lines: run.lines, durationPoints, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(JSON.stringify(reading));
} else {
  await main(positive('gigabytes', args.gigabytes), args['plain-only']);
}
