import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CloudWatchLogsClient, FilterLogEventsCommand, ResourceNotFoundException, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { readReports as readRunReports } from '../../compare/reports.ts';
import { clockSlackMs, collectReports, readReports, runWindow, writeReportRecords, type ReportSource } from './report-logs.ts';

const logsMock = mockClient(CloudWatchLogsClient);
const logs = new CloudWatchLogsClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const node: ReportSource = { name: 'node', logGroup: 'LambdaDuel-NodeLogs', memoryMb: 512 };
const window = { startTime: 1_796_000_000_000, endTime: 1_796_000_060_000 };
const quick = { intervalMs: 5, settleMs: 40, maxWaitMs: 2_000 };

// As FilterLogEvents returns them: Text-format REPORT lines, tab-separated with a trailing tab, one
// log stream per execution environment, the timestamp when the line was written.
const stream = (id: string) => `2026/12/02/[$LATEST]${id.repeat(32)}`;
const event = (requestId: string, fields: string, environment = 'a', timestamp = window.startTime + 1_000): FilteredLogEvent => ({
  logStreamName: stream(environment),
  timestamp,
  message: `REPORT RequestId: ${requestId}\t${fields}\t\n`,
  eventId: `${requestId}-event`,
});
const cold = event('9c0e1d6e-0001', 'Duration: 182.39 ms\tBilled Duration: 482 ms\tMemory Size: 512 MB\tMax Memory Used: 93 MB\tInit Duration: 298.77 ms');
const warm = event('9c0e1d6e-0002', 'Duration: 9.87 ms\tBilled Duration: 10 ms\tMemory Size: 512 MB\tMax Memory Used: 94 MB', 'a', window.startTime + 2_000);
const timedOut = event('9c0e1d6e-0003', 'Duration: 10000.00 ms\tBilled Duration: 10000 ms\tMemory Size: 512 MB\tMax Memory Used: 95 MB\tStatus: timeout', 'b', window.startTime + 12_000);

function printed(): { lines: string[]; print: (line: string) => void } {
  const lines: string[] = [];
  return { lines, print: (line) => lines.push(line) };
}

beforeEach(() => logsMock.reset());

describe('the REPORT lines of a run, from CloudWatch Logs', () => {
  it('reads every page of the window at the size, and makes each line the record compare reads', async () => {
    // Given the lines over three pages, the middle one empty as FilterLogEvents may answer
    logsMock
      .on(FilterLogEventsCommand)
      .resolvesOnce({ events: [cold], nextToken: 'page-2' })
      .resolvesOnce({ events: [], nextToken: 'page-3' })
      .resolvesOnce({ events: [warm, timedOut] });
    // When they are read
    const reports = await readReports(logs, node, window);
    // Then each page was asked for in turn, within the window, for this size's REPORT lines
    expect(logsMock.commandCalls(FilterLogEventsCommand).map((call) => call.args[0].input)).toEqual(
      [undefined, 'page-2', 'page-3'].map((nextToken) => ({
        logGroupName: 'LambdaDuel-NodeLogs',
        ...window,
        filterPattern: '"REPORT RequestId" "Memory Size: 512 MB"',
        nextToken,
      })),
    );
    // and every line is a record: the stream is the environment, the start its Duration before the line
    expect(reports).toEqual([
      {
        function: 'node',
        requestId: '9c0e1d6e-0001',
        environmentId: stream('a'),
        startedAt: window.startTime + 1_000 - 182,
        durationMs: 182.39,
        billedDurationMs: 482,
        memorySizeMb: 512,
        maxMemoryUsedMb: 93,
        initDurationMs: 298.77,
        status: 'success',
      },
      expect.objectContaining({ requestId: '9c0e1d6e-0002', durationMs: 9.87, status: 'success' }),
      expect.objectContaining({ requestId: '9c0e1d6e-0003', environmentId: stream('b'), status: 'timeout' }),
    ]);
    expect(reports[1]).not.toHaveProperty('initDurationMs');
  });

  it('writes them where compare finds them, one JSON record a line', async () => {
    logsMock.on(FilterLogEventsCommand).resolves({ events: [cold, warm] });
    const runDir = await mkdtemp(path.join(os.tmpdir(), 'report-logs-'));
    await writeReportRecords(runDir, await readReports(logs, node, window));
    const text = await readFile(path.join(runDir, 'lambda', 'reports.jsonl'), 'utf8');
    expect(text.trimEnd().split('\n')).toHaveLength(2);
    const byFunction = await readRunReports(path.join(runDir, 'lambda', 'reports.jsonl'));
    expect(byFunction.get('node')?.map((report) => report.durationMs)).toEqual([182.39, 9.87]);
  });

  it('has none in a log group nobody has written to yet, and says in one line when the credentials are missing', async () => {
    logsMock.on(FilterLogEventsCommand).rejects(new ResourceNotFoundException({ message: 'The specified log group does not exist.', $metadata: {} }));
    await expect(readReports(logs, node, window)).resolves.toEqual([]);
    const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    logsMock.on(FilterLogEventsCommand).rejects(noCredentials);
    await expect(readReports(logs, node, window)).rejects.toThrow(
      'reading the REPORT lines of node from CloudWatch Logs (LambdaDuel-NodeLogs): no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (README, "Run it on AWS")',
    );
  });
});

describe('waiting for CloudWatch Logs to deliver them', () => {
  it('reads again while lines are still arriving, until every request has its line', async () => {
    // Given the lines arriving late: one, then both, then (once more) both
    logsMock.on(FilterLogEventsCommand).resolvesOnce({ events: [cold] }).resolves({ events: [cold, warm] });
    const { lines, print } = printed();
    const reports = await collectReports({ logs, sources: [{ ...node, expected: 2 }], window, label: '512 MB', polling: quick, print });
    // Then it stopped as soon as both were there, and said nothing
    expect(reports.map((report) => report.requestId)).toEqual(['9c0e1d6e-0001', '9c0e1d6e-0002']);
    expect(logsMock.commandCalls(FilterLogEventsCommand)).toHaveLength(2);
    expect(lines).toEqual([]);
  });

  it('stops once the count no longer grows, and says in one line which came short', async () => {
    // Given a line that never arrives (a request that never reached the function)
    logsMock.on(FilterLogEventsCommand).resolves({ events: [cold, warm] });
    const { lines, print } = printed();
    const started = Date.now();
    const rust: ReportSource = { name: 'rust', logGroup: 'LambdaDuel-RustLogs', memoryMb: 512 };
    const reports = await collectReports({ logs, sources: [{ ...node, expected: 3 }, { ...rust, expected: 2 }], window, label: '512 MB', polling: quick, print });
    // Then it waited for the count to settle, not for the whole bound
    expect(Date.now() - started).toBeGreaterThanOrEqual(quick.settleMs);
    expect(Date.now() - started).toBeLessThan(quick.maxWaitMs);
    expect(reports).toHaveLength(4);
    expect(lines).toEqual([
      'tune: 512 MB: CloudWatch Logs has fewer REPORT lines than requests after 0 s (node 2 of 3); the Lambda figures come from those',
    ]);
  });

  it("reads a thumbnailer's lines under its own name, and the short line names the command that waited", async () => {
    // Given a thumbnailer at 1024 MB whose second invocation's line never arrives
    logsMock.on(FilterLogEventsCommand).resolves({ events: [event('5d1f-0001', 'Duration: 310.20 ms\tBilled Duration: 311 ms\tMemory Size: 1024 MB\tMax Memory Used: 181 MB')] });
    const { lines, print } = printed();
    const thumbnailer: ReportSource = { name: 'node-thumbnailer', logGroup: 'LambdaDuel-NodeThumbnailerLogs', memoryMb: 1024 };
    // When thumbnails collects them
    const reports = await collectReports({ logs, sources: [{ ...thumbnailer, expected: 2 }], window, label: 'after the drain', command: 'thumbnails', polling: quick, print });
    // Then the record carries the thumbnailer's name, as compare looks it up, and the line says who asked
    expect(logsMock.commandCalls(FilterLogEventsCommand)[0]!.args[0].input.filterPattern).toBe('"REPORT RequestId" "Memory Size: 1024 MB"');
    expect(reports).toEqual([expect.objectContaining({ function: 'node-thumbnailer', requestId: '5d1f-0001', memorySizeMb: 1024 })]);
    expect(lines).toEqual([
      'thumbnails: after the drain: CloudWatch Logs has fewer REPORT lines than requests after 0 s (node-thumbnailer 1 of 2); the Lambda figures come from those',
    ]);
  });

  it("widens a run's window by the clock slack at both ends", () => {
    expect(runWindow(window.startTime, window.endTime)).toEqual({ startTime: window.startTime - clockSlackMs, endTime: window.endTime + clockSlackMs });
  });

  it('gives up after the bounded wait when no line arrives at all', async () => {
    logsMock.on(FilterLogEventsCommand).resolves({ events: [] });
    const { lines, print } = printed();
    const reports = await collectReports({ logs, sources: [{ ...node, expected: 3 }], window, label: '128 MB', polling: { ...quick, maxWaitMs: 100 }, print });
    expect(reports).toEqual([]);
    expect(lines).toEqual(['tune: 128 MB: CloudWatch Logs has fewer REPORT lines than requests after 0 s (node 0 of 3); the Lambda figures come from those']);
  });
});
