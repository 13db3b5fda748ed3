/**
 * Reads the raw k6 output of a run (`RAW=1` → `<test>.raw.json.gz`) in one streaming pass with
 * bounded memory: what the comparison needs per route, from files of many gigabytes. A run split
 * into segments is the files of all its k6 instances read into the same histograms, counts and
 * sample, so its percentiles are those of every request, never an average of the instances'.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { contenderNames, type ContenderName, type PerContender } from '../../functions.config.ts';
import { CommandError } from '../../toolchain/command.ts';
import { badInput } from '../../toolchain/command.ts';
import { Histogram } from './histogram.ts';
import { LineError, readLine, TimeReader, type Point } from './line-scan.ts';
import { Reservoir } from './reservoir.ts';
import { Timeline, WindowedLatency, type RawWindow } from './window.ts';

export interface RawRoute {
  /** http_req_duration of every request, ms (3 significant digits). */
  latency: Histogram;
  /** http_reqs. */
  requests: number;
  /** Requests k6's response callback counted as failed (expected_response "false"), and those by status. */
  failures: { total: number; byStatus: Record<string, number> };
  /** latency_cold / latency_warm: the client-seen latency of requests a new or a warm environment served. */
  cold: Histogram;
  warm: Histogram;
  windows: RawWindow[];
  /** A uniform random sample of the http_req_duration values, ms, for bootstrap intervals. */
  sampleMs: Float64Array;
}

export interface RawRun {
  files: readonly string[];
  /** Lines read, of every metric. */
  lines: number;
  /** The first and last request's sample time, epoch ms. */
  startMs: number;
  endMs: number;
  windowSeconds: number;
  /** One per contender read. */
  routes: PerContender<RawRoute>;
}

export interface ReadRawOptions {
  /** Length of a window of the over-time series; 10 s by default. */
  windowSeconds?: number;
  /** Values kept per route for bootstrap intervals; 50,000 by default. */
  reservoir?: number;
  /** The routes read; every declared contender's by default. */
  contenders?: readonly ContenderName[];
  /**
   * Where window 0 starts, epoch ms; the first request read by default. Segments read one after
   * another need one origin of them all, which the first file's first request need not be.
   */
  originMs?: number;
}

/**
 * Read in 1 MiB pieces: Node hands a latin1 string this long to V8 without copying it into the
 * heap, and cutting lines out of it ran three times as fast as out of 256 KiB pieces.
 */
const chunkBytes = 1 << 20;

/** k6 lines are a few kilobytes at most; a "line" longer than this is a file of something else. */
const longestLine = 4 * 1024 * 1024;

/**
 * Requests without a `route` tag (the setup probe, admin calls) and routes other than the
 * compared ones are left out. Bad input is a CommandError of one line naming the file.
 */
export async function readRawRun(source: string | readonly string[], { windowSeconds = 10, reservoir = 50_000, contenders = contenderNames, originMs }: ReadRawOptions = {}): Promise<RawRun> {
  const files = typeof source === 'string' ? [source] : source;
  const timeline = new Timeline(windowSeconds, originMs);
  const states = new Map(contenders.map((route, index) => [route as string, new RouteState(reservoir, index + 1)]));
  let lines = 0;
  for (const file of files) lines += await readOneFile(file, timeline, states);
  const name = files.map((file) => path.relative(process.cwd(), file) || file).join(', ');
  if (timeline.windows === 0) throw new CommandError(`${name}: no http_req_duration samples tagged route ${contenders.join(' or ')}: not the raw output of a lambda-duel run`, badInput);
  return {
    files,
    lines,
    startMs: timeline.startMs,
    endMs: timeline.endMs,
    windowSeconds,
    routes: Object.fromEntries(contenders.map((route) => [route, states.get(route)!.result(timeline)])),
  };
}

/** One file's samples into the run's states; returns the lines read. */
async function readOneFile(file: string, timeline: Timeline, states: Map<string, RouteState>): Promise<number> {
  const name = path.relative(process.cwd(), file) || file;
  const clock = new TimeReader();
  const point: Point = { metric: 'http_reqs', time: '', value: 0, route: undefined, status: undefined, failed: false };
  let lines = 0;
  const readOne = (text: string, start: number, end: number) => {
    lines += 1;
    if (!readLine(text, start, end, point)) return;
    const state = point.route === undefined ? undefined : states.get(point.route);
    if (state === undefined) return;
    if (point.value < 0) throw new LineError(`negative ${point.metric} ${point.value}`);
    switch (point.metric) {
      case 'http_req_duration':
        state.latency.record(point.value);
        state.sample.add(point.value);
        state.windows.record(timeline.windowOf(clock.ms(point.time)), point.value);
        break;
      case 'http_reqs':
        state.requests += point.value;
        if (point.failed) {
          const status = point.status ?? 'none';
          state.failures.total += point.value;
          state.failures.byStatus[status] = (state.failures.byStatus[status] ?? 0) + point.value;
        }
        break;
      case 'latency_cold':
        state.cold.record(point.value);
        break;
      case 'latency_warm':
        state.warm.record(point.value);
        break;
    }
  };

  const source = createReadStream(file, { highWaterMark: chunkBytes });
  // Unlike pipe(), pipeline() hands a read error (a missing file) on to the gunzip stream being read.
  const stream = file.endsWith('.gz') ? pipeline(source, createGunzip({ chunkSize: chunkBytes }), () => {}) : source;
  let carry = '';
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      // latin1 maps each byte to one character: JSON's syntax is ASCII, so offsets stay byte offsets,
      // and it decodes faster than UTF-8. Only ASCII tag values (route, status) are compared.
      const text = chunk.toString('latin1');
      let start = 0;
      if (carry !== '') {
        const end = text.indexOf('\n');
        if (end < 0) {
          carry += text;
          if (carry.length > longestLine) {
            lines += 1;
            throw new LineError(`longer than ${longestLine / 1024 / 1024} MB`);
          }
          continue;
        }
        const line = carry + text.slice(0, end);
        carry = '';
        readOne(line, 0, line.length);
        start = end + 1;
      }
      for (let end = text.indexOf('\n', start); end >= 0; end = text.indexOf('\n', start)) {
        readOne(text, start, end);
        start = end + 1;
      }
      carry = text.slice(start);
    }
    if (carry !== '') readOne(carry, 0, carry.length);
  } catch (error) {
    throw readError(error, name, lines);
  }
  return lines;
}

class RouteState {
  latency = new Histogram(3);
  requests = 0;
  failures = { total: 0, byStatus: {} as Record<string, number> };
  cold = new Histogram(3);
  warm = new Histogram(3);
  windows = new WindowedLatency();
  sample: Reservoir;

  constructor(reservoir: number, seed: number) {
    this.sample = new Reservoir(reservoir, seed);
  }

  result(timeline: Timeline): RawRoute {
    const { latency, requests, failures, cold, warm } = this;
    return { latency, requests, failures, cold, warm, windows: this.windows.series(timeline), sampleMs: this.sample.values() };
  }
}

function readError(error: unknown, name: string, lines: number): unknown {
  if (error instanceof LineError) return new CommandError(`${name}:${lines}: not k6 JSON output (${error.message})`, badInput);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new CommandError(`${name}: no such file`, badInput);
  if (code === 'EISDIR') return new CommandError(`${name}: a folder, not a raw k6 output file`, badInput);
  if (code === 'Z_DATA_ERROR') {
    return new CommandError(lines === 0 ? `${name}: not gzip data, though named .gz` : `${name}: corrupt gzip data after line ${lines}`, badInput);
  }
  if (code === 'Z_BUF_ERROR') return new CommandError(`${name}: the gzip data ends early after line ${lines} (the run was cut short?)`, badInput);
  return error;
}
