import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { contenderNames } from '../../functions.config.ts';
import { CommandError } from '../../toolchain/command.ts';
import { readRawRun } from './read-raw.ts';
import { declaration, httpTags, point, request } from '../testing/raw-lines.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-raw-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, name.endsWith('.gz') && typeof content === 'string' ? gzipSync(content) : content);
  return file;
}

/** A small run with every shape of line k6 can write, and the figures it must give. */
const run = [
  declaration('http_reqs'),
  declaration('http_req_duration'),
  // The setup probe: no route tag, so left out however slow
  point('http_reqs', '2026-11-23T19:41:34.9Z', 1, { name: 'setup', status: '200' }),
  point('http_req_duration', '2026-11-23T19:41:34.9Z', 9999, { name: 'setup', status: '200' }),
  point('vus', '2026-11-23T19:41:35Z', 5, null),
  ...request('node', '2026-11-23T19:41:35.000001234Z', 100, { cold: true }),
  ...request('rust', '2026-11-23T19:41:35.2Z', 10, { cold: true }),
  ...request('node', '2026-11-23T19:41:36.5Z', 20),
  ...request('node', '2026-11-23T19:41:36.6Z', 30, { status: '502' }),
  ...request('rust', '2026-11-23T19:41:36.7Z', 5),
  ...request('rust', '2026-11-23T19:41:36.8Z', 6, { status: '503' }),
  // Written out of time order: counts in the first window
  ...request('node', '2026-11-23T19:41:34.95Z', 25),
  // The same instant in another zone and without a fraction
  ...request('rust', '2026-11-23T21:41:38+02:00', 7),
  // Older k6 put "type" first; an escaped character; metadata after the tags: all read in full
  JSON.stringify({ type: 'Point', data: { time: '2026-11-23T19:41:38.1Z', value: 40, tags: httpTags('node') }, metric: 'http_req_duration' }),
  point('http_req_duration', '2026-11-23T19:41:38.2Z', 41, httpTags('node', '201', { url: 'http://127.0.0.1:3210/node?q="x"' })),
  point('http_req_duration', '2026-11-23T19:41:38.3Z', 42, httpTags('node'), { trace_id: 'abc', vu: '3' }),
  // A route only in the metadata, and a route not compared: left out
  point('http_req_duration', '2026-11-23T19:41:38.4Z', 5000, { name: 'admin' }, { route: 'node' }),
  point('http_req_duration', '2026-11-23T19:41:38.5Z', 5000, httpTags('baseline')),
  '',
].join('\n');

describe('reading a raw k6 output file', () => {
  it.each(['run.raw.json', 'run.raw.json.gz'])('gives each route its latency, requests, failures, cold starts and windows (%s)', async (name) => {
    // When the file is read in 1 s windows
    const result = await readRawRun(write(name, run), { windowSeconds: 1 });
    const [node, rust] = [result.routes.node!, result.routes.rust!];
    // Then only the routed requests count, whatever the layout of their line
    expect(node.latency.count).toBe(7);
    expect([node.latency.min, node.latency.max]).toEqual([20, 100]);
    expect(node.latency.percentile(50)).toBeCloseTo(40, 1);
    expect([rust.latency.count, rust.latency.min, rust.latency.max]).toEqual([4, 5, 10]);
    expect([node.requests, rust.requests]).toEqual([4, 4]);
    expect(node.failures).toEqual({ total: 1, byStatus: { '502': 1 } });
    expect(rust.failures).toEqual({ total: 1, byStatus: { '503': 1 } });
    expect([node.cold.count, node.cold.max, node.warm.count, rust.cold.count, rust.warm.count]).toEqual([1, 100, 2, 1, 2]);
    // And the windows start at the first routed request k6 wrote, the earlier straggler in the first
    expect(result.startMs).toBe(Date.parse('2026-11-23T19:41:34.95Z'));
    expect(result.endMs).toBe(Date.parse('2026-11-23T19:41:38.3Z'));
    expect(node.windows.map((window) => window.requests)).toEqual([2, 2, 0, 3]);
    expect(rust.windows.map((window) => window.requests)).toEqual([1, 2, 1, 0]);
    expect(rust.windows.map((window) => window.startSeconds)).toEqual([0, 1, 2, 3]);
    expect(rust.windows[3]).toEqual({ startSeconds: 3, requests: 0, p50Ms: null, p95Ms: null, p99Ms: null });
    expect(node.windows[0]?.p95Ms).toBe(100);
    expect(result.lines).toBe(run.split('\n').length - 1);
    // And the sample for bootstrap intervals holds every value while there are few
    expect([...node.sampleMs].sort((a, b) => a - b)).toEqual([20, 25, 30, 40, 41, 42, 100]);
  });

  it('keeps a sample of the configured size', async () => {
    const result = await readRawRun(write('sampled.raw.json', run), { reservoir: 3 });
    expect(result.routes.node!.sampleMs).toHaveLength(3);
    expect([20, 25, 30, 40, 41, 42, 100]).toEqual(expect.arrayContaining([...result.routes.node!.sampleMs]));
  });

  it('reads a last line without its newline', async () => {
    const result = await readRawRun(write('unterminated.raw.json', request('rust', '2026-11-23T19:41:35Z', 3).join('\n')));
    expect(result.routes.rust!.latency.count).toBe(1);
  });
});

describe('bad raw input', () => {
  const good = request('node', '2026-11-23T19:41:35Z', 12).join('\n');
  const failure = async (file: string, options = {}) => readRawRun(file, options).then(() => undefined, (error: unknown) => error);
  const relative = (file: string) => path.relative(process.cwd(), file);

  it.each([
    ['a line that is not JSON', `${good}\nnot json at all\n`, ':8: not k6 JSON output (not JSON)'],
    ['JSON that is not k6 output', `${good}\n{"status":"ok"}\n`, ':8: not k6 JSON output (not a k6 "Point" or "Metric" object)'],
    ['a kept Point without a time', `{"type":"Point","metric":"http_reqs","data":{"value":1,"tags":null}}\n`, ':1: not k6 JSON output (a Point without a time and a numeric value)'],
    ['a value that is no number', good.replace('"value":12,', '"value":1x2,'), ":2: not k6 JSON output (value '1x2' is not a number)"],
    ['a time that is no time', good.replaceAll('2026-11-23T19:41:35Z', '2026-11-23T19:41:35'), ":2: not k6 JSON output (time '2026-11-23T19:41:35' is not RFC 3339)"],
    ['a negative duration', good.replace('"value":12,', '"value":-12,'), ':2: not k6 JSON output (negative http_req_duration -12)'],
    ['no routed request at all', `${declaration('http_reqs')}\n`, `: no http_req_duration samples tagged route ${contenderNames.join(' or ')}: not the raw output of a lambda-duel run`],
  ])('names the file and line of %s', async (_, content, message) => {
    const file = write(`bad-${Math.random().toString(36).slice(2)}.raw.json`, content);
    const error = await failure(file);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).message).toBe(`${relative(file)}${message}`);
    expect((error as CommandError).exitCode).toBe(2);
  });

  it('names a missing file, a folder, a .gz that is not gzip and gzip cut short', async () => {
    const missing = path.join(dir, 'missing.raw.json.gz');
    const folder = path.join(dir, 'folder.raw.json');
    mkdirSync(folder);
    const notGzip = write('plain.raw.json.gz', Buffer.from(`${good}\n`));
    const whole = gzipSync(`${good}\n`.repeat(2000));
    const cut = write('cut.raw.json.gz', whole.subarray(0, whole.length - 200));
    expect(((await failure(missing)) as Error).message).toBe(`${relative(missing)}: no such file`);
    expect(((await failure(folder)) as Error).message).toBe(`${relative(folder)}: a folder, not a raw k6 output file`);
    expect(((await failure(notGzip)) as Error).message).toBe(`${relative(notGzip)}: not gzip data, though named .gz`);
    expect(((await failure(cut)) as Error).message).toMatch(new RegExp(`^${relative(cut)}: the gzip data ends early after line \\d+ \\(the run was cut short\\?\\)$`));
  });

  it('stops at a "line" longer than any k6 writes', async () => {
    const file = write('binary.raw.json', Buffer.alloc(5 * 1024 * 1024, 'x'));
    expect(((await failure(file)) as Error).message).toBe(`${relative(file)}:1: not k6 JSON output (longer than 4 MB)`);
  });

  it('refuses a window that is not positive', async () => {
    await expect(readRawRun(write('w.raw.json', good), { windowSeconds: 0 })).rejects.toThrow('windowSeconds must be positive, got 0');
  });
});
