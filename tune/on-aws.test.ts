import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionConfigurationCommand, LambdaClient, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tune } from '../cli/tune.ts';
import { routeSummary, runSummary } from '../compare/testing/run-results.ts';
import { lambdaTimeline } from '../infra/aws/testing/lambda-timeline.ts';
import { CommandError } from '../toolchain/command.ts';
import { repoRoot } from '../toolchain/paths.ts';
import { tuneOnAws, type AfterLoad, type AwsTuningOptions } from './on-aws.ts';
import { mockedTuningOptions } from './testing/tuning-options.ts';

const lambdaMock = mockClient(LambdaClient);
const logsMock = mockClient(CloudWatchLogsClient);
const originalMb = { 'LambdaDuel-node': 256, 'LambdaDuel-rust': 1024 } as Record<string, number>;

/** What Lambda was asked and when the load ran, in order. */
let timeline: string[];
let printed: string[];

function options(overrides: Partial<AwsTuningOptions> = {}): AwsTuningOptions {
  return mockedTuningOptions({ print: (line) => printed.push(line), ...overrides });
}

/** A size's load as the test sees it: a line in the timeline, then k6's summary (two requests a route) handed to afterLoad. */
function load(runDirs: Record<number, string>) {
  return async (memoryMb: number, afterLoad: AfterLoad): Promise<number> => {
    timeline.push(`load ${memoryMb}`);
    const summary = { ...runSummary(10, 5, { target: 'aws' }), routes: { node: routeSummary(10, { requests: 2 }), rust: routeSummary(5, { requests: 2 }) } };
    runDirs[memoryMb] = await mkdtemp(path.join(os.tmpdir(), `tune-${memoryMb}mb-`));
    await afterLoad(summary, runDirs[memoryMb]!);
    return memoryMb;
  };
}

const reportAt = (memoryMb: number, requestId: string) => ({
  logStreamName: '2026/12/02/[$LATEST]0123456789abcdef0123456789abcdef',
  timestamp: Date.now(),
  message: `REPORT RequestId: ${requestId}\tDuration: 20.50 ms\tBilled Duration: 21 ms\tMemory Size: ${memoryMb} MB\tMax Memory Used: 70 MB\t\n`,
});

beforeEach(() => {
  lambdaMock.reset();
  logsMock.reset();
  printed = [];
  lambdaMock.on(GetFunctionConfigurationCommand).callsFake((input) => ({
    MemorySize: originalMb[input.FunctionName],
    LoggingConfig: { LogFormat: 'Text', LogGroup: `${input.FunctionName}-Logs` },
  }));
  timeline = lambdaTimeline(lambdaMock);
  // Each function's two REPORT lines at the size the filter asks for, over two pages
  logsMock.on(FilterLogEventsCommand).callsFake((input) => {
    const memoryMb = Number(/Memory Size: (\d+) MB/.exec(input.filterPattern)![1]);
    return input.nextToken
      ? { events: [reportAt(memoryMb, `${input.logGroupName}-${memoryMb}-2`)] }
      : { events: [reportAt(memoryMb, `${input.logGroupName}-${memoryMb}-1`)], nextToken: 'more' };
  });
});

afterEach(() => vi.unstubAllEnvs());

const setTo = (memoryMb: [number, number]) => [
  `update LambdaDuel-node ${memoryMb[0]}`,
  `update LambdaDuel-rust ${memoryMb[1]}`,
  'applied? LambdaDuel-node',
  'applied? LambdaDuel-rust',
];

describe('tuning the deployed functions', () => {
  it('sets every function to each size, waits until Lambda has applied it before the load, and sets each back at the end', async () => {
    const runDirs: Record<number, string> = {};
    const tuning = await tuneOnAws(options(), load(runDirs));
    expect(timeline).toEqual([...setTo([128, 128]), 'load 128', ...setTo([512, 512]), 'load 512', ...setTo([256, 1024])]);
    expect(tuning).toEqual({ perSize: [128, 512], restored: true });
    expect(printed.at(-1)).toBe('tune: set back to 256 MB (LambdaDuel-node), 1024 MB (LambdaDuel-rust)');
  });

  it('writes each size’s REPORT lines, read from its functions’ log groups, into that run’s reports.jsonl before it is compared', async () => {
    const runDirs: Record<number, string> = {};
    await tuneOnAws(options({ sizes: [512] }), load(runDirs));
    const lines = (await readFile(path.join(runDirs[512]!, 'lambda', 'reports.jsonl'), 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((record) => [record.function, record.requestId, record.memorySizeMb])).toEqual([
      ['node', 'LambdaDuel-node-Logs-512-1', 512],
      ['node', 'LambdaDuel-node-Logs-512-2', 512],
      ['rust', 'LambdaDuel-rust-Logs-512-1', 512],
      ['rust', 'LambdaDuel-rust-Logs-512-2', 512],
    ]);
    // Every request had its line: nothing to say about missing ones
    expect(printed.filter((line) => line.includes('fewer REPORT lines'))).toEqual([]);
  });

  it('sets every function back when a size’s run fails, and the failure still ends the tune', async () => {
    const failing = async (memoryMb: number) => {
      timeline.push(`load ${memoryMb}`);
      if (memoryMb === 512) throw new CommandError('the test ended without a summary');
      return memoryMb;
    };
    await expect(tuneOnAws(options(), failing)).rejects.toThrow('the test ended without a summary');
    expect(timeline).toEqual([...setTo([128, 128]), 'load 128', ...setTo([512, 512]), 'load 512', ...setTo([256, 1024])]);
  });

  it('stops at the cost gate without --yes or CONFIRM=1: one line, and no function changed', async () => {
    const measure = vi.fn();
    const failure = tuneOnAws(options({ yes: false }), measure);
    await expect(failure).rejects.toBeInstanceOf(CommandError);
    await expect(failure).rejects.toThrow(/^tune \(a k6 ramp at each of 128, 512 MB\) on AWS costs about \$\d+\.\d\d: run it again with --yes \(or CONFIRM=1\) to go ahead$/);
    expect(printed).toEqual([expect.stringMatching(/^cost: tune \(a k6 ramp at each of 128, 512 MB\) on AWS, 3,660 requests, is estimated at \$/)]);
    expect(lambdaMock.commandCalls(UpdateFunctionConfigurationCommand)).toHaveLength(0);
    expect(measure).not.toHaveBeenCalled();
  });

  it('sets every function back on Ctrl-C during a load, then exits with 130', async () => {
    // Given a tuning in a process of its own whose load never ends
    const child = spawn(process.execPath, ['--import', 'tsx', 'tune/testing/interrupted-tuning.ts'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    await vi.waitFor(() => expect(stdout).toContain('loading 128'), { timeout: 30_000, interval: 50 });
    // When Ctrl-C comes
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGINT');
    // Then it sets both functions back to their 256 MB before it exits, and stops there
    expect(await exited).toBe(130);
    expect(JSON.parse(stdout.trimEnd().split('\n').at(-1)!)).toEqual([
      ['LambdaDuel-node', 128],
      ['LambdaDuel-rust', 128],
      ['LambdaDuel-node', 256],
      ['LambdaDuel-rust', 256],
    ]);
  });
});

describe('npm run tune with TARGET=aws', () => {
  // vitest sets MODE to its own; the command reads it as the load test's
  beforeEach(() => vi.stubEnv('MODE', undefined));

  /** Answers the probe of the API, as the deployed stack would. */
  async function deployedApi(): Promise<{ url: string; close: () => void }> {
    const server = http.createServer((_request, response) => response.writeHead(200).end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
  }

  it('asks for the cost of every size first and changes nothing until it is confirmed', async () => {
    const api = await deployedApi();
    vi.stubEnv('TARGET', 'aws');
    vi.stubEnv('BASE_URL', api.url);
    vi.stubEnv('CONFIRM', '');
    vi.stubEnv('CONTENDERS', 'node,rust');
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await expect(tune(['--memory', '128,1024'])).rejects.toThrow(/^tune \(a k6 ramp at each of 128, 1024 MB\) on AWS costs about \$/);
      expect(stderr.mock.calls.map((call) => call[0])).toEqual([expect.stringMatching(/^cost: tune \(a k6 ramp at each of 128, 1024 MB\) on AWS, [\d,]+ requests/)]);
      expect(lambdaMock.commandCalls(GetFunctionConfigurationCommand).map((call) => call.args[0].input.FunctionName)).toEqual(['LambdaDuel-node', 'LambdaDuel-rust']);
      expect(lambdaMock.commandCalls(UpdateFunctionConfigurationCommand)).toHaveLength(0);
    } finally {
      stderr.mockRestore();
      api.close();
    }
  });

  it.each([
    [['--memory', '0'], {}, /^invalid --memory: /],
    [['--weight', '2'], {}, /^invalid --weight: /],
    [['--yse'], {}, /^Unknown option '--yse' \(usage: npm run tune \[-- --memory 128,256,512,1024,1769,3008\] \[--weight 0\.5\] \[--yes\]\)$/],
    [[], { TARGET: undefined }, /^npm run tune sizes the functions itself, .*: a BASE_URL of its own names none$/],
  ])('refuses %j in one line, exit code 2, before asking AWS anything', async (args, env, message) => {
    vi.stubEnv('TARGET', 'aws');
    vi.stubEnv('BASE_URL', 'https://example.execute-api.us-east-1.amazonaws.com');
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    const failure = tune(args);
    await expect(failure).rejects.toThrow(message);
    await expect(failure).rejects.toMatchObject({ exitCode: 2 });
    expect(lambdaMock.calls()).toHaveLength(0);
  });
});
