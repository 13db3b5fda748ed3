import { randomUUID } from 'node:crypto';
import { runtimeExitLine, startLine, timeoutLine } from '../../formats/platform-log.ts';
import type { InvocationReport } from '../../formats/report-record.ts';
import type { InvocationOutcome, InvocationRequest } from './invocation.ts';
import type { CpuShare } from './cpu-model.ts';
import type { MemoryEnforcement } from './memory-limit.ts';
import { invocationReport } from './report.ts';
import { startRuntimeApi, type NextInvocation, type RuntimeApi } from './runtime-api.ts';
import { describeError, exitError, InitFailure, type RuntimeError } from './runtime-errors.ts';
import { RuntimeProcess, type LaunchSpec } from './runtime-process.ts';

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
  /** Lambda's share of the CPU for the size; unset, the environment may use every core. */
  cpu?: CpuShare;
  /** Whether an environment waiting for work is frozen, as Lambda freezes it. */
  freezeIdle?: boolean;
  /** The function's log: its own output and the platform's START/END/REPORT lines. */
  log(message: string): void;
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
  /** The runtime's CPU time when the event went out, ms. */
  cpuAtStartMs: number | undefined;
  finish(ending: Ending): void;
}

type Ending = { kind: 'response'; payload: string } | ({ kind: 'function-error' } & RuntimeError) | { kind: 'timeout' };

/**
 * One execution environment: a runtime process with its own Runtime API endpoint, serving one
 * invocation at a time. The invocation's way through it: handed to the runtime when it asks for
 * work, ended by its response, its error, its timeout or the process's death. It measures what
 * Lambda measures (init, duration; the process, peak memory) and enforces the timeout, as Lambda
 * does, by killing the process.
 */
export class ExecutionEnvironment {
  readonly id = randomUUID().replaceAll('-', '');
  /** Milliseconds from spawn to the runtime's first call for work. */
  initDurationMs = 0;
  private runtime!: RuntimeProcess;
  private api!: RuntimeApi;
  private spawnedAt = 0;
  /** The runtime's parked `/next` call, answered when an invocation arrives. */
  private waitingRuntime: ((event: NextInvocation) => void) | undefined;
  private inFlight: InFlight | undefined;
  /** The running invocation's timeout. */
  private timeout: NodeJS.Timeout | undefined;
  private served = 0;
  private initEnded = false;
  private initError: RuntimeError | undefined;
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
    return this.exitReason === undefined && this.runtime.running;
  }

  get pid(): number {
    return this.runtime.pid;
  }

  /** Called once when the process is gone, whatever the cause. */
  onDeath(listener: () => void): void {
    if (this.alive) this.deathListeners.push(listener);
    else listener();
  }

  async invoke(request: InvocationRequest): Promise<InvocationResult> {
    if (!this.alive || this.inFlight) throw new Error(`environment ${this.id} cannot take an invocation now`);
    const requestId = request.requestId ?? randomUUID();
    const coldStart = this.served === 0;
    this.served += 1;
    const ending = await new Promise<Ending>((finish) => {
      this.inFlight = { requestId, request, delivered: false, startedAt: 0, startedAtWall: 0, cpuAtStartMs: undefined, finish };
      const waiting = this.waitingRuntime;
      this.waitingRuntime = undefined;
      // Otherwise the runtime is still busy with the last one, and gets this when it asks next.
      if (waiting) {
        this.runtime.thaw();
        this.deliver(this.inFlight, waiting);
      }
    });
    return this.conclude(requestId, coldStart, ending);
  }

  /** Lambda kills a reclaimed environment's runtime without ceremony; so does this. */
  dispose(): void {
    this.runtime.kill();
  }

  private async boot(): Promise<void> {
    const { launch, memoryMb, memoryEnforcement, cpu, freezeIdle, log } = this.options;
    this.api = await startRuntimeApi({
      next: (reply) => this.onNext(reply),
      response: (id, report) => this.onResult(id, { kind: 'response', payload: report.body }),
      error: (id, report) => this.onResult(id, { kind: 'function-error', ...describeError(report) }),
      initError: (report) => {
        this.initError = describeError(report);
      },
    });
    this.spawnedAt = performance.now();
    this.runtime = new RuntimeProcess({
      id: this.id,
      launch,
      runtimeApi: this.api.address,
      memoryMb,
      ...(memoryEnforcement === undefined ? {} : { memoryEnforcement }),
      ...(cpu === undefined ? {} : { cpu }),
      ...(freezeIdle === undefined ? {} : { freezeIdle }),
      output: (lines) => log(lines.join('\n')),
      exited: (reason) => this.onExit(reason),
    });
    const initTimer = setTimeout(() => this.killDuringInit(), this.options.initTimeoutMs);
    try {
      await this.ready.promise;
    } finally {
      clearTimeout(initTimer);
      this.initDurationMs = performance.now() - this.spawnedAt;
    }
  }

  private killDuringInit(): void {
    this.initError ??= { errorType: 'Runtime.InitTimeout', errorMessage: `INIT phase did not finish within ${this.options.initTimeoutMs} ms` };
    this.runtime.kill();
  }

  private onNext(reply: (event: NextInvocation) => void): void {
    if (!this.initEnded) {
      // The end of INIT, as Lambda draws it, and with it INIT's unthrottled CPU.
      this.initEnded = true;
      this.runtime.endInit();
    }
    this.ready.resolve();
    if (this.inFlight && !this.inFlight.delivered) this.deliver(this.inFlight, reply);
    else {
      this.waitingRuntime = reply;
      // It asked for work and there is none: frozen until there is, as Lambda freezes it.
      this.runtime.freeze();
    }
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
    // After the event is on its way: the runtime's own output comes back through a pipe, later,
    // and the CPU clock is read off the event's path (the runtime cannot have used more than a few
    // microseconds of it by then).
    inFlight.cpuAtStartMs = this.runtime.cpuUsedMs();
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
      this.runtime.kill();
      this.inFlight.finish({ kind: 'timeout' });
    }, timeoutSeconds * 1000);
    this.runtime.watchMemory();
  }

  private stopWatching(): void {
    clearTimeout(this.timeout);
    this.runtime.unwatchMemory();
  }

  private conclude(requestId: string, coldStart: boolean, ending: Ending): InvocationResult {
    const inFlight = this.inFlight!;
    const durationMs = performance.now() - inFlight.startedAt;
    const cpuTimeMs = spent(inFlight.cpuAtStartMs, this.runtime.cpuUsedMs());
    this.stopWatching();
    this.inFlight = undefined;
    if (ending.kind === 'response' && this.runtime.exceededMemory()) {
      this.runtime.killForMemory();
      ending = { kind: 'function-error', ...exitError('signal: killed') };
      this.options.log(runtimeExitLine(requestId, 'signal: killed'));
    }
    const outcome = toOutcome(requestId, coldStart, ending, this.options.timeoutSeconds);
    return { outcome, report: () => this.report(inFlight, coldStart, durationMs, cpuTimeMs, ending) };
  }

  private report({ requestId, startedAtWall }: InFlight, coldStart: boolean, durationMs: number, cpuTimeMs: number | undefined, ending: Ending): InvocationReport {
    const { functionName, memoryMb } = this.options;
    return invocationReport({
      function: functionName,
      requestId,
      environmentId: this.id,
      startedAt: startedAtWall,
      durationMs,
      memorySizeMb: memoryMb,
      maxMemoryUsedMb: Math.min(this.runtime.samplePeak(), memoryMb),
      cpuVcpus: this.runtime.cpuVcpus,
      cpuTimeMs,
      initDurationMs: coldStart ? this.initDurationMs : undefined,
      status: ending.kind === 'response' ? 'success' : ending.kind === 'timeout' ? 'timeout' : 'error',
      errorType: ending.kind === 'function-error' ? ending.errorType : undefined,
    });
  }

  private onExit(reason: string): void {
    this.exitReason = reason;
    this.api.close();
    clearTimeout(this.timeout);
    const failure = this.initError ?? exitError(reason);
    this.ready.reject(new InitFailure(failure.errorType, failure.errorMessage, performance.now() - this.spawnedAt, this.runtime.peakMb));
    if (this.inFlight) {
      this.options.log(runtimeExitLine(this.inFlight.requestId, reason));
      this.inFlight.finish({ kind: 'function-error', ...exitError(reason) });
    }
    for (const listener of this.deathListeners.splice(0)) listener();
  }
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

/** CPU time between two readings, where both were taken. */
function spent(start: number | undefined, end: number | undefined): number | undefined {
  return start === undefined || end === undefined ? undefined : end - start;
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
