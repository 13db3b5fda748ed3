import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { spawnTied } from '../process/spawn-tied.ts';
import type { InvocationOutcome, InvocationRequest } from './invocation.ts';
import { MemoryGauge } from './memory.ts';
import { memoryLimit, type MemoryEnforcement, type MemoryLimit } from './memory-limit.ts';
import { runtimeExitLine, startLine, timeoutLine } from '../../formats/platform-log.ts';
import type { InvocationReport, InvocationStatus } from '../../formats/report-record.ts';
import { billedDurationMs } from './report.ts';
import { startRuntimeApi, type NextInvocation, type RuntimeApi, type RuntimeReport } from './runtime-api.ts';

/** How to start one environment's runtime: the deployed artefact and the variables Lambda sets. */
export interface LaunchSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

export interface EnvironmentOptions {
  functionName: string;
  functionArn: string;
  memoryMb: number;
  timeoutSeconds: number;
  launch: LaunchSpec;
  /** Lambda gives the INIT phase 10 s on a cold start before it gives up on the environment. */
  initTimeoutMs: number;
  /** How the memory size is held; a cgroup where one can be made, unless told otherwise. */
  memoryEnforcement?: MemoryEnforcement;
  /** The function's log: its own output and the platform's START/END/REPORT lines. */
  log(message: string): void;
}

/** Why an environment never became ready; the invocation that asked for it fails with this. */
export class InitFailure extends Error {
  override name = 'InitFailure';
  constructor(
    readonly errorType: string,
    message: string,
    readonly initDurationMs: number,
    readonly maxMemoryUsedMb: number,
  ) {
    super(message);
  }
}

export interface InvocationResult {
  outcome: Exclude<InvocationOutcome, { kind: 'throttled' }>;
  /** Built once the answer is on its way: Max Memory Used is read then, off the answer's path. */
  report(): InvocationReport;
}

interface InFlight {
  requestId: string;
  request: InvocationRequest;
  /** False until the runtime has asked for work and been handed this invocation. */
  delivered: boolean;
  startedAt: number;
  startedAtWall: number;
  finish(ending: Ending): void;
}

type Ending =
  | { kind: 'response'; payload: string }
  | { kind: 'function-error'; errorType: string; errorMessage: string }
  | { kind: 'timeout' };

/**
 * One execution environment: a runtime process with its own Runtime API endpoint, serving one
 * invocation at a time. It measures what Lambda measures (init, duration, peak memory) and
 * enforces what Lambda enforces (timeout, memory size), killing the process as Lambda would.
 */
export class ExecutionEnvironment {
  readonly id = randomUUID().replaceAll('-', '');
  /** Milliseconds from spawn to the runtime's first call for work. */
  initDurationMs = 0;
  private process!: ChildProcess;
  private memory!: MemoryGauge;
  private limit!: MemoryLimit;
  private api!: RuntimeApi;
  private spawnedAt = 0;
  /** The runtime's parked `/next` call, answered when an invocation arrives. */
  private waitingRuntime: ((event: NextInvocation) => void) | undefined;
  private inFlight: InFlight | undefined;
  /** The running invocation's timeout. */
  private timeout: NodeJS.Timeout | undefined;
  private readonly overMemory = (): void => this.killForMemory();
  private served = 0;
  private peakMb = 0;
  private killed = false;
  private killedForMemory = false;
  private initError: { errorType: string; errorMessage: string } | undefined;
  private exitReason: string | undefined;
  private readonly deathListeners: Array<() => void> = [];
  private readonly ready = deferred();

  private constructor(private readonly options: EnvironmentOptions) {}

  /** Starts the runtime and resolves once it asks for its first invocation; rejects with InitFailure. */
  static async start(options: EnvironmentOptions): Promise<ExecutionEnvironment> {
    const environment = new ExecutionEnvironment(options);
    await environment.boot();
    return environment;
  }

  /** False from the moment the environment is being killed, before its process has gone. */
  get alive(): boolean {
    return this.exitReason === undefined && !this.killed;
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  /** Called once when the process is gone, whatever the cause. */
  onDeath(listener: () => void): void {
    if (this.alive) this.deathListeners.push(listener);
    else listener();
  }

  async invoke(request: InvocationRequest): Promise<InvocationResult> {
    if (!this.alive || this.inFlight) throw new Error(`environment ${this.id} cannot take an invocation now`);
    const requestId = randomUUID();
    const coldStart = this.served === 0;
    this.served += 1;
    const ending = await new Promise<Ending>((finish) => {
      this.inFlight = { requestId, request, delivered: false, startedAt: 0, startedAtWall: 0, finish };
      const waiting = this.waitingRuntime;
      this.waitingRuntime = undefined;
      // Otherwise the runtime is still busy with the last one, and gets this when it asks next.
      if (waiting) this.deliver(this.inFlight, waiting);
    });
    return this.conclude(requestId, coldStart, ending);
  }

  /** Lambda kills a reclaimed environment's runtime without ceremony; so does this. */
  dispose(): void {
    this.kill();
  }

  private async boot(): Promise<void> {
    const { launch } = this.options;
    this.api = await startRuntimeApi({
      next: (reply) => this.onNext(reply),
      response: (id, report) => this.onResult(id, { kind: 'response', payload: report.body }),
      error: (id, report) => this.onResult(id, { kind: 'function-error', ...describeError(report) }),
      initError: (report) => this.onInitError(report),
    });
    this.limit = memoryLimit(this.id, this.options.memoryMb, this.options.memoryEnforcement);
    const { command, args } = this.limit.launch(launch.command, launch.args);
    this.spawnedAt = performance.now();
    this.process = spawnTied(command, args, {
      cwd: launch.cwd,
      env: { ...launch.env, AWS_LAMBDA_RUNTIME_API: this.api.address },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.memory = new MemoryGauge(this.pid);
    this.forwardOutput(this.process.stdout!);
    this.forwardOutput(this.process.stderr!);
    this.process.once('exit', (code, signal) => this.onExit(code, signal));
    this.process.once('error', (error) => this.onExit(null, null, error.message));
    const initTimer = setTimeout(() => this.killDuringInit(), this.options.initTimeoutMs);
    try {
      await this.ready.promise;
    } finally {
      clearTimeout(initTimer);
      this.initDurationMs = performance.now() - this.spawnedAt;
    }
  }

  private onInitError(report: RuntimeReport): void {
    this.initError = describeError(report);
  }

  private killDuringInit(): void {
    this.initError ??= { errorType: 'Runtime.InitTimeout', errorMessage: `INIT phase did not finish within ${this.options.initTimeoutMs} ms` };
    this.kill();
  }

  private onNext(reply: (event: NextInvocation) => void): void {
    this.ready.resolve();
    if (this.inFlight && !this.inFlight.delivered) this.deliver(this.inFlight, reply);
    else this.waitingRuntime = reply;
  }

  /**
   * Duration runs from the moment the runtime gets the event, as Lambda measures it. What is not
   * needed to send the event comes after the write, while the runtime works.
   */
  private deliver(inFlight: InFlight, reply: (event: NextInvocation) => void): void {
    inFlight.delivered = true;
    inFlight.startedAtWall = Date.now();
    inFlight.startedAt = performance.now();
    reply({
      requestId: inFlight.requestId,
      deadlineMs: inFlight.startedAtWall + this.options.timeoutSeconds * 1000,
      functionArn: this.options.functionArn,
      traceId: inFlight.request.traceId,
      payload: inFlight.request.payload,
    });
    // After the event is on its way: the runtime's own output comes back through a pipe, later.
    this.options.log(startLine(inFlight.requestId));
    this.watch(inFlight.requestId);
  }

  private onResult(requestId: string, ending: Ending): boolean {
    if (this.inFlight?.requestId !== requestId) return false;
    this.inFlight.finish(ending);
    return true;
  }

  /** Timeout and memory size, enforced while the invocation runs. */
  private watch(requestId: string): void {
    const { timeoutSeconds } = this.options;
    this.timeout = setTimeout(() => {
      if (this.inFlight?.requestId !== requestId) return;
      this.options.log(timeoutLine(requestId, timeoutSeconds, new Date()));
      this.kill();
      this.inFlight.finish({ kind: 'timeout' });
    }, timeoutSeconds * 1000);
    this.limit.watch(this.memory, this.overMemory);
  }

  private stopWatching(): void {
    clearTimeout(this.timeout);
    this.limit.unwatch();
  }

  private killForMemory(): void {
    this.killedForMemory = true;
    this.kill();
  }

  private kill(): void {
    if (this.killed || this.exitReason !== undefined) return;
    this.killed = true;
    // The last chance to read the peak: a dead process has no memory lines left.
    this.samplePeak();
    this.process.kill('SIGKILL');
  }

  private conclude(requestId: string, coldStart: boolean, ending: Ending): InvocationResult {
    const inFlight = this.inFlight!;
    const durationMs = performance.now() - inFlight.startedAt;
    this.stopWatching();
    this.inFlight = undefined;
    if (ending.kind === 'response' && this.limit.exceeded(this.memory)) {
      this.killForMemory();
      ending = { kind: 'function-error', ...exitError('signal: killed') };
      this.options.log(runtimeExitLine(requestId, 'signal: killed'));
    }
    const outcome = toOutcome(requestId, coldStart, ending, this.options.timeoutSeconds);
    return { outcome, report: () => this.report(inFlight, coldStart, durationMs, ending) };
  }

  private report({ requestId, startedAtWall }: InFlight, coldStart: boolean, durationMs: number, ending: Ending): InvocationReport {
    this.samplePeak();
    const status: InvocationStatus = ending.kind === 'response' ? 'success' : ending.kind === 'timeout' ? 'timeout' : 'error';
    const initDurationMs = coldStart ? this.initDurationMs : undefined;
    return {
      function: this.options.functionName,
      requestId,
      environmentId: this.id,
      startedAt: startedAtWall,
      durationMs,
      billedDurationMs: billedDurationMs(durationMs, initDurationMs),
      memorySizeMb: this.options.memoryMb,
      maxMemoryUsedMb: Math.min(this.peakMb, this.options.memoryMb),
      ...(initDurationMs === undefined ? {} : { initDurationMs }),
      status,
      ...(ending.kind === 'function-error' ? { errorType: ending.errorType } : {}),
    };
  }

  private samplePeak(): void {
    const reading = this.memory.read();
    if (reading) this.peakMb = Math.max(this.peakMb, reading.peakMb);
    if (this.killedForMemory) this.peakMb = Math.max(this.peakMb, this.options.memoryMb);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null, spawnError?: string): void {
    if (this.exitReason !== undefined) return;
    this.exitReason = spawnError ?? (signal ? `signal: ${signal === 'SIGKILL' ? 'killed' : signal}` : `exit status ${code}`);
    this.api.close();
    this.memory.close();
    this.stopWatching();
    if (this.limit.oomKilled()) {
      this.killedForMemory = true;
      this.samplePeak();
    }
    this.limit.release();
    const failure = this.initError ?? exitError(this.exitReason);
    this.ready.reject(new InitFailure(failure.errorType, failure.errorMessage, performance.now() - this.spawnedAt, this.peakMb));
    if (this.inFlight) {
      this.options.log(runtimeExitLine(this.inFlight.requestId, this.exitReason));
      this.inFlight.finish({ kind: 'function-error', ...exitError(this.exitReason) });
    }
    for (const listener of this.deathListeners.splice(0)) listener();
  }

  private forwardOutput(stream: Readable): void {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      if (lines.length > 0) this.options.log(lines.join('\n'));
    });
    stream.on('end', () => partial && this.options.log(partial));
  }
}

function exitError(reason: string): { errorType: string; errorMessage: string } {
  return { errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with error: ${reason}` };
}

/** The runtime's error body is `{errorType, errorMessage}`; the header may name the type too. */
function describeError(report: RuntimeReport): { errorType: string; errorMessage: string } {
  let body: { errorType?: unknown; errorMessage?: unknown } = {};
  try {
    body = JSON.parse(report.body) as typeof body;
  } catch {
    // A body that is not JSON still fails the invocation; its type comes from the header.
  }
  return {
    errorType: typeof body.errorType === 'string' ? body.errorType : (report.errorType ?? 'Unhandled'),
    errorMessage: typeof body.errorMessage === 'string' ? body.errorMessage : report.body,
  };
}

function toOutcome(requestId: string, coldStart: boolean, ending: Ending, timeoutSeconds: number): InvocationResult['outcome'] {
  switch (ending.kind) {
    case 'response':
      return { kind: 'response', requestId, payload: ending.payload, coldStart };
    case 'timeout':
      return { kind: 'timeout', requestId, timeoutSeconds, coldStart };
    case 'function-error':
      return { kind: 'function-error', requestId, errorType: ending.errorType, errorMessage: ending.errorMessage, coldStart };
  }
}

/** Promise.withResolvers, which Node 20 lacks. */
function deferred(): { promise: Promise<void>; resolve(): void; reject(error: Error): void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  // A rejection after the environment was ready has no one waiting for it, by design.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
