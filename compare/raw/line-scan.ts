/**
 * One line of k6's JSON output (`k6 run --out json=…`), read without JSON.parse where it can be.
 *
 * k6 v1 writes a sample as `{"metric":"<name>","type":"Point","data":{"time":"<RFC 3339>",
 * "value":<number>,"tags":{…}[,"metadata":{…}]}}` (easyjson, fields in that order; tags sorted by
 * name, though nothing here depends on that) and a declaration as `{"type":"Metric",…}`. A run
 * writes 16 or 17 lines per request, and a two-hour run gigabytes of them, so lines of metrics
 * the comparison does not use are skipped on their first bytes, and the few fields it does use are
 * cut out of the text. A line in any other shape (older k6 put "type" first, a line with an
 * escaped character) is parsed in full, which is slower but reads the same.
 */

/** The metrics the comparison uses; every other metric's lines are skipped. */
export const keptMetrics = ['http_req_duration', 'http_reqs', 'latency_cold', 'latency_warm'] as const;
export type KeptMetric = (typeof keptMetrics)[number];

/** One sample of a kept metric; the reader fills one object again and again rather than allocate. */
export interface Point {
  metric: KeptMetric;
  /** k6's timestamp, e.g. 2026-11-23T19:41:35.533123146Z (nanoseconds, the machine's zone). */
  time: string;
  value: number;
  route: string | undefined;
  status: string | undefined;
  /** k6's expected_response tag is "false": the response callback counted the request as failed. */
  failed: boolean;
}

/** A line that is not k6 JSON output; the reader adds the file and line number. */
export class LineError extends Error {}

const pointStart = '{"metric":"';
const declarationStart = '{"type":"Metric",';
const quotedNames = keptMetrics.map((metric) => `${metric}"`);
/**
 * One character of each kept name, as far in as the shortest allows (the 10th: d, ", o, a): it
 * tells them from one another and from k6's other http_req_* metrics, so most lines are skipped on it.
 */
const probeAt = Math.min(...quotedNames.map((name) => name.length)) - 1;
const probes = quotedNames.map((name) => name.charCodeAt(probeAt));
const fastPrefixes = keptMetrics.map((metric) => `${pointStart}${metric}","type":"Point","data":{"time":"`);
const httpReqs = keptMetrics.indexOf('http_reqs');

/**
 * Reads the line `text[start, end)` into `point`. Returns false for a line to skip (another
 * metric, a declaration, a blank line); throws LineError for a line that is not k6 output.
 */
export function readLine(text: string, start: number, end: number, point: Point): boolean {
  if (start === end) return false;
  if (text.startsWith(pointStart, start)) {
    const kept = keptIndex(text, start + pointStart.length);
    if (kept < 0) return false;
    const line = text.slice(start, end);
    return line.startsWith(fastPrefixes[kept]!) && !line.includes('\\') && cutPoint(line, kept, point) ? true : parsePoint(line, point);
  }
  if (text.startsWith(declarationStart, start)) return false;
  return parsePoint(text.slice(start, end), point);
}

/** Which kept metric's name starts at `at`, or -1. */
function keptIndex(text: string, at: number): number {
  const probe = text.charCodeAt(at + probeAt);
  for (let index = 0; index < probes.length; index += 1) if (probes[index] === probe && text.startsWith(quotedNames[index]!, at)) return index;
  return -1;
}

/** The fast path: the fields cut out of a line in k6's own layout with no escapes; false if the layout is not that after all. */
function cutPoint(line: string, kept: number, point: Point): boolean {
  const timeStart = fastPrefixes[kept]!.length;
  const timeEnd = line.indexOf('"', timeStart);
  if (timeEnd < 0 || !line.startsWith(',"value":', timeEnd + 1)) return false;
  const valueStart = timeEnd + 10;
  const valueEnd = line.indexOf(',', valueStart);
  if (valueEnd < 0 || !line.startsWith('"tags":', valueEnd + 1)) return false;
  const tagsStart = valueEnd + 8;
  const tagsOpen = line.charCodeAt(tagsStart) === 123; /* { */
  if (!tagsOpen && !line.startsWith('null', tagsStart)) return false;
  // Tags hold only strings, so the first `},"metadata":` is where they end when metadata follows.
  const metadata = tagsOpen ? line.indexOf('},"metadata":', tagsStart) : tagsStart;
  const tagsEnd = metadata < 0 ? line.length : metadata;
  point.metric = keptMetrics[kept]!;
  point.time = line.slice(timeStart, timeEnd);
  point.value = numberOf(line.slice(valueStart, valueEnd));
  point.route = tagValue(line, '"route":"', tagsStart, tagsEnd);
  // Only a request count needs its status; the other metrics' lines skip two searches.
  const counted = kept === httpReqs;
  point.status = counted ? tagValue(line, '"status":"', tagsStart, tagsEnd) : undefined;
  point.failed = counted && tagValue(line, '"expected_response":"', tagsStart, tagsEnd) === 'false';
  return true;
}

/**
 * A tag's value, found by its key: in a line without escapes every quote is JSON syntax, so
 * `"route":"` right after `{` or `,` can only be the key `route`.
 */
function tagValue(line: string, key: string, from: number, to: number): string | undefined {
  for (let at = line.indexOf(key, from); at >= 0 && at < to; at = line.indexOf(key, at + 1)) {
    const before = line.charCodeAt(at - 1);
    if (before === 123 /* { */ || before === 44 /* , */) return line.slice(at + key.length, line.indexOf('"', at + key.length));
  }
  return undefined;
}

function numberOf(text: string): number {
  const value = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) throw new LineError(`value '${text}' is not a number`);
  return value;
}

interface Envelope {
  type?: unknown;
  metric?: unknown;
  data?: { time?: unknown; value?: unknown; tags?: Record<string, unknown> | null };
}

/** The slow path: the whole line through JSON.parse. */
function parsePoint(line: string, point: Point): boolean {
  let envelope: Envelope | null;
  try {
    envelope = JSON.parse(line) as Envelope | null;
  } catch {
    throw new LineError('not JSON');
  }
  if (typeof envelope !== 'object' || envelope === null || typeof envelope.metric !== 'string' || (envelope.type !== 'Point' && envelope.type !== 'Metric')) {
    throw new LineError('not a k6 "Point" or "Metric" object');
  }
  if (envelope.type === 'Metric' || !(keptMetrics as readonly string[]).includes(envelope.metric)) return false;
  const { time, value, tags } = envelope.data ?? {};
  if (typeof time !== 'string' || typeof value !== 'number') throw new LineError('a Point without a time and a numeric value');
  const tag = (name: string) => (typeof tags?.[name] === 'string' ? (tags[name] as string) : undefined);
  point.metric = envelope.metric as KeptMetric;
  point.time = time;
  point.value = value;
  point.route = tag('route');
  point.status = tag('status');
  point.failed = tag('expected_response') === 'false';
  return true;
}

/**
 * k6 timestamps to epoch milliseconds (sub-millisecond digits kept). Consecutive samples mostly
 * share their whole second and zone, so Date.parse runs about once a second of the run, not once
 * a line.
 */
export class TimeReader {
  private seconds = '';
  private zone = '';
  private secondsMs = 0;

  ms(time: string): number {
    // YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM), the fraction left out when zero (Go's RFC 3339 nano).
    let zoneAt = 19;
    let fractionMs = 0;
    if (time.charCodeAt(19) === 46 /* . */) {
      zoneAt = 20;
      while (zoneAt < time.length && time.charCodeAt(zoneAt) >= 48 && time.charCodeAt(zoneAt) <= 57) zoneAt += 1;
      if (zoneAt === 20) throw new LineError(`time '${time}' is not RFC 3339`);
      fractionMs = Number(time.slice(20, zoneAt)) / 10 ** (zoneAt - 23);
    }
    if (!(time.startsWith(this.seconds) && time.length - zoneAt === this.zone.length && time.endsWith(this.zone)) || this.seconds === '') {
      this.seconds = time.slice(0, 19);
      this.zone = time.slice(zoneAt);
      this.secondsMs = Date.parse(`${this.seconds}${this.zone}`);
      if (!/^(Z|[+-]\d\d:\d\d)$/.test(this.zone) || Number.isNaN(this.secondsMs)) {
        this.seconds = '';
        throw new LineError(`time '${time}' is not RFC 3339`);
      }
    }
    return this.secondsMs + fractionMs;
  }
}
