import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FilterLogEventsCommand, type CloudWatchLogsClient, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import type { DeployedName } from '../../functions.config.ts';
import { parseReportLine } from '../../formats/platform-log.ts';
import { reportsFile, type InvocationReport } from '../../formats/report-record.ts';
import { awsError } from './errors.ts';

/** One function's REPORT lines to read: its log group, at the memory size the run set. */
export interface ReportSource {
  /** The name its records carry: a contender's (tune) or its thumbnailer's (thumbnails). */
  name: DeployedName;
  logGroup: string;
  memoryMb: number;
}

/** Milliseconds since the epoch, as CloudWatch Logs takes them. */
export interface LogWindow {
  startTime: number;
  endTime: number;
}

/**
 * REPORT timestamps are AWS's clock, a run's ends this machine's: both ends are pushed this far
 * out, so a clock a little ahead or behind loses no line (the first are the cold starts).
 */
export const clockSlackMs = 30_000;

/** The window of a run that started at `startTime` (this machine's clock) and ends now, with the slack at both ends. */
export function runWindow(startTime: number, now: number = Date.now()): LogWindow {
  return { startTime: startTime - clockSlackMs, endTime: now + clockSlackMs };
}

/** Lambda's Text REPORT lines at one size: one per invocation, "Memory Size: N MB" among their fields. */
export function reportFilterPattern(memoryMb: number): string {
  return `"REPORT RequestId" "Memory Size: ${memoryMb} MB"`;
}

/**
 * The REPORT records of one function in a window, every page of FilterLogEvents read (a page may
 * be empty and still have a next one), each invocation once. A log group nobody has written to yet
 * has none.
 */
export async function readReports(logs: CloudWatchLogsClient, source: ReportSource, window: LogWindow): Promise<InvocationReport[]> {
  const byRequest = new Map<string, InvocationReport>();
  let nextToken: string | undefined;
  do {
    let page;
    try {
      page = await logs.send(
        new FilterLogEventsCommand({ logGroupName: source.logGroup, ...window, filterPattern: reportFilterPattern(source.memoryMb), nextToken }),
      );
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') return [];
      throw awsError(error, `reading the REPORT lines of ${source.name} from CloudWatch Logs (${source.logGroup})`);
    }
    for (const event of page.events ?? []) {
      const report = reportRecord(source.name, event);
      if (report) byRequest.set(report.requestId, report);
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return [...byRequest.values()];
}

/**
 * A REPORT line from CloudWatch Logs as the record compare reads. Lambda writes each execution
 * environment's log to a stream of its own, so the stream names the environment; the line is
 * written as the invocation ends, so it started its Duration earlier.
 */
export function reportRecord(name: DeployedName, event: FilteredLogEvent): InvocationReport | undefined {
  const parsed = parseReportLine((event.message ?? '').trimEnd());
  if (!parsed || event.timestamp === undefined) return undefined;
  return {
    function: name,
    requestId: parsed.requestId,
    environmentId: event.logStreamName ?? parsed.requestId,
    startedAt: Math.round(event.timestamp - parsed.durationMs),
    durationMs: parsed.durationMs,
    billedDurationMs: parsed.billedDurationMs,
    memorySizeMb: parsed.memorySizeMb,
    maxMemoryUsedMb: parsed.maxMemoryUsedMb,
    ...(parsed.initDurationMs === undefined ? {} : { initDurationMs: parsed.initDurationMs }),
    status: parsed.status === 'timeout' ? 'timeout' : parsed.status === undefined ? 'success' : 'error',
  };
}

/** How long to wait for CloudWatch Logs, which delivers a function's lines seconds to a minute late. */
export interface ReportPolling {
  intervalMs: number;
  /** Done once the count has not grown for this long (and is not zero). */
  settleMs: number;
  maxWaitMs: number;
}

export const defaultReportPolling: ReportPolling = { intervalMs: 5_000, settleMs: 20_000, maxWaitMs: 180_000 };

export interface CollectOptions {
  logs: CloudWatchLogsClient;
  /** Each with the requests its route was sent: as many REPORT lines are expected. */
  sources: readonly (ReportSource & { expected: number })[];
  window: LogWindow;
  /** What the missing-lines line names: "512 MB". */
  label: string;
  /** The command the line starts with: `tune` unless told. */
  command?: string;
  polling?: ReportPolling;
  print?: (line: string) => void;
}

/**
 * Reads the window again and again until every function has its expected REPORT lines, or their
 * count stops growing, or the wait is up; says in one line which came short.
 */
export async function collectReports(options: CollectOptions): Promise<InvocationReport[]> {
  const { logs, sources, window, polling = defaultReportPolling, print = console.error } = options;
  const started = Date.now();
  let found: InvocationReport[][] = [];
  let [lastTotal, grewAt] = [-1, started];
  for (;;) {
    // One function after another: FilterLogEvents allows a few calls a second per account.
    found = [];
    for (const source of sources) found.push(await readReports(logs, source, window));
    const total = found.reduce((sum, reports) => sum + reports.length, 0);
    const now = Date.now();
    if (sources.every((source, index) => found[index]!.length >= source.expected)) break;
    if (total !== lastTotal) [lastTotal, grewAt] = [total, now];
    else if (total > 0 && now - grewAt >= polling.settleMs) break;
    if (now - started >= polling.maxWaitMs) break;
    await sleep(polling.intervalMs);
  }
  const short = sources.flatMap((source, index) => (found[index]!.length < source.expected ? [`${source.name} ${found[index]!.length} of ${source.expected}`] : []));
  if (short.length > 0) {
    const waited = Math.round((Date.now() - started) / 1000);
    print(`${options.command ?? 'tune'}: ${options.label}: CloudWatch Logs has fewer REPORT lines than requests after ${waited} s (${short.join(', ')}); the Lambda figures come from those`);
  }
  return found.flat();
}

/** Where compare reads them: `<runDir>/lambda/reports.jsonl`, one record a line. */
export async function writeReportRecords(runDir: string, reports: readonly InvocationReport[]): Promise<void> {
  await mkdir(path.join(runDir, reportsFile.dir), { recursive: true });
  await writeFile(path.join(runDir, reportsFile.dir, reportsFile.name), reports.map((report) => `${JSON.stringify(report)}\n`).join(''));
}
