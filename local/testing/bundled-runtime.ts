import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { bundleNodeRuntime } from '../node-runtime/bundle.ts';
import type { ChildProcess } from 'node:child_process';
import { startRuntimeApi, type NextInvocation, type RuntimeApi, type RuntimeReport } from '../lambda/runtime-api.ts';
import { onLines } from '../process/lines.ts';
import { spawnTied } from '../process/spawn-tied.ts';
import { settled } from './settled.ts';
import { nodeRuntimeCommand } from '../node-runtime/launch.ts';

/**
 * For tests: one bundled runtime client under the pinned Node 24, talking to a real Runtime API
 * whose handlers play a minimal execution environment that hands out invocations and records what
 * the runtime posts back.
 */

export interface RuntimeUnderTest {
  /** Delivers one invocation and resolves with what the runtime posted for it. */
  invoke(event: unknown, options?: { traceId?: string; deadlineMs?: number }): Promise<PostedResult>;
  /** What the runtime posted to `/init/error`, if it did. */
  readonly initError: Promise<RuntimeReport>;
  /** The process's exit code, once it has exited and its output has all been read. */
  readonly exitCode: Promise<number | null>;
  /** Everything the runtime wrote to stdout, line by line. */
  readonly stdout: string[];
  /**
   * The stdout lines containing `text`, once `count` have arrived: the pipe may trail the post
   * that answered the invocation. After 2 s, whatever has come.
   */
  linesWith(text: string, count: number): Promise<string[]>;
  readonly pid: number;
  stop(): void;
}

export interface PostedResult {
  requestId: string;
  route: 'response' | 'error';
  report: RuntimeReport;
}

export interface RuntimeLaunch {
  runtimeFile: string;
  taskRoot: string;
  handler: string;
  memoryMb?: number;
}

export const functionArn = 'arn:aws:lambda:eu-west-1:000000000000:function:runtime-test';

export async function startRuntime({ runtimeFile, taskRoot, handler, memoryMb = 128 }: RuntimeLaunch): Promise<RuntimeUnderTest> {
  const results = new Map<string, (result: PostedResult) => void>();
  const queued: NextInvocation[] = [];
  let parked: ((event: NextInvocation) => void) | undefined;
  let onInitError!: (report: RuntimeReport) => void;
  const initError = new Promise<RuntimeReport>((resolve) => (onInitError = resolve));
  const settle = (route: PostedResult['route']) => (requestId: string, report: RuntimeReport) => {
    const resolve = results.get(requestId);
    results.delete(requestId);
    resolve?.({ requestId, route, report });
    return resolve !== undefined;
  };

  const api: RuntimeApi = await startRuntimeApi({
    next(reply) {
      const event = queued.shift();
      if (event) reply(event);
      else parked = reply;
    },
    response: settle('response'),
    error: settle('error'),
    initError: (report) => onInitError(report),
  });
  const { command, args } = nodeRuntimeCommand(memoryMb, runtimeFile);
  const child = spawnTied(command, args, {
    cwd: taskRoot,
    env: lambdaEnvironment(api.address, taskRoot, handler, memoryMb),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stdout = collectLines(child);
  // 'close', not 'exit': by then the runtime's output has all been read too.
  const exitCode = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  void exitCode.then(() => api.close());

  return {
    initError,
    exitCode,
    stdout,
    linesWith(text, count) {
      return settled(
        () => stdout.filter((line) => line.includes(text)),
        (lines) => lines.length >= count,
      );
    },
    pid: child.pid ?? -1,
    invoke(event, { traceId = 'Root=1-00000000-000000000000000000000000', deadlineMs = Date.now() + 3_000 } = {}) {
      const requestId = randomUUID();
      const posted = new Promise<PostedResult>((resolve) => results.set(requestId, resolve));
      const invocation = { requestId, deadlineMs, functionArn, traceId, payload: JSON.stringify(event) };
      const reply = parked;
      parked = undefined;
      if (reply) reply(invocation);
      else queued.push(invocation);
      return posted;
    },
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      api.close();
    },
  };
}

/** The variables Lambda gives a nodejs24.x environment, and nothing from this shell. */
function lambdaEnvironment(runtimeApi: string, taskRoot: string, handler: string, memoryMb: number): Record<string, string> {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    TZ: ':UTC',
    AWS_LAMBDA_RUNTIME_API: runtimeApi,
    _HANDLER: handler,
    LAMBDA_TASK_ROOT: taskRoot,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_REGION: 'eu-west-1',
    AWS_LAMBDA_FUNCTION_NAME: 'runtime-test',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/runtime-test',
    AWS_LAMBDA_LOG_STREAM_NAME: '2025/01/01/[$LATEST]0123456789abcdef',
  };
}

function collectLines(child: ChildProcess): string[] {
  const lines: string[] = [];
  onLines(child.stdout!, (more) => lines.push(...more));
  return lines;
}

/**
 * Registers vitest hooks that bundle the runtime client once into a temporary folder and stop the
 * runtime a test started; returns `start`, which launches one for a task root and handler.
 */
export function useBundledRuntime(): { start(taskRoot: string, handler: string): Promise<RuntimeUnderTest> } {
  let buildDir: string;
  let runtimeFile: string;
  let runtime: RuntimeUnderTest | undefined;
  beforeAll(async () => {
    buildDir = await mkdtemp(path.join(os.tmpdir(), 'node-runtime-'));
    runtimeFile = await bundleNodeRuntime(path.join(buildDir, 'node-runtime.mjs'));
  });
  afterEach(() => runtime?.stop());
  afterAll(() => rm(buildDir, { recursive: true, force: true }));
  return { start: async (taskRoot, handler) => (runtime = await startRuntime({ runtimeFile, taskRoot, handler })) };
}
