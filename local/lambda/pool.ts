import type { InvocationOutcome, InvocationRequest } from './invocation.ts';
import { ExecutionEnvironment, type EnvironmentOptions } from './environment.ts';
import { endLine, initReportLine, reportLine, startLine } from '../../formats/platform-log.ts';
import type { InvocationReport } from '../../formats/report-record.ts';
import { invocationReport } from './report.ts';
import { InitFailure } from './runtime-errors.ts';

export interface PoolOptions {
  environment: EnvironmentOptions;
  /** The most environments that may exist at once (reserved concurrency). */
  concurrency: number;
  /** An environment idle this long is reclaimed, as Lambda reclaims unused ones. */
  idleTimeoutMs: number;
  /** Every invocation's REPORT, as a record. */
  onReport(report: InvocationReport): void;
}

export interface PoolStatus {
  idle: number;
  busy: number;
  starting: number;
}

/**
 * One function's execution environments, scheduled like Lambda: an invocation takes an idle
 * environment (the most recently used, so warm ones stay warm), else starts a new one (a cold
 * start) while the concurrency limit allows, else is throttled.
 */
export class FunctionPool {
  private readonly idle: Array<{ environment: ExecutionEnvironment; since: number }> = [];
  private readonly busy = new Set<ExecutionEnvironment>();
  private starting = 0;
  /** Environments that must not take more work: dropped while busy. */
  private readonly retired = new WeakSet<ExecutionEnvironment>();
  /** Every environment whose process has not exited yet, whatever its state. */
  private readonly living = new Set<ExecutionEnvironment>();
  private readonly reaper: NodeJS.Timeout;

  constructor(private readonly options: PoolOptions) {
    this.reaper = setInterval(() => this.reapIdle(), Math.min(options.idleTimeoutMs, 1_000));
    this.reaper.unref();
  }

  status(): PoolStatus {
    return { idle: this.idle.length, busy: this.busy.size, starting: this.starting };
  }

  async invoke(request: InvocationRequest): Promise<InvocationOutcome> {
    const environment = this.idle.pop()?.environment ?? (await this.coldStart());
    if (!environment) return { kind: 'throttled' };
    if (environment instanceof InitFailure) return this.failedInit(environment, request.requestId);
    this.busy.add(environment);
    try {
      const { outcome, report } = await environment.invoke(request);
      // Lambda writes END and REPORT once the caller has its answer, which goes out in this turn.
      setImmediate(() => this.logEnd(report()));
      return outcome;
    } finally {
      this.busy.delete(environment);
      if (environment.alive && !this.retired.has(environment)) this.idle.push({ environment, since: Date.now() });
      else environment.dispose();
    }
  }

  /**
   * Drops every environment, so the next invocations start cold; busy ones finish first. Resolves
   * once the idle ones' processes have exited, so no teardown overlaps the cold starts that follow.
   */
  async drop(): Promise<number> {
    const idle = this.idle.splice(0).map(({ environment }) => environment);
    for (const environment of this.busy) this.retired.add(environment);
    const dropped = idle.length + this.busy.size;
    await Promise.all(idle.map(disposed));
    return dropped;
  }

  /** Resolves once every environment's process has exited, and with it its memory cgroup. */
  async stop(): Promise<void> {
    clearInterval(this.reaper);
    this.idle.splice(0);
    await Promise.all([...this.living].map(disposed));
  }

  private async coldStart(): Promise<ExecutionEnvironment | InitFailure | undefined> {
    if (this.idle.length + this.busy.size + this.starting >= this.options.concurrency) return undefined;
    this.starting += 1;
    try {
      const environment = await ExecutionEnvironment.start(this.options.environment);
      this.living.add(environment);
      environment.onDeath(() => this.forget(environment));
      return environment;
    } catch (error) {
      if (error instanceof InitFailure) return error;
      throw error;
    } finally {
      this.starting -= 1;
    }
  }

  /**
   * The invocation that asked for a failed environment fails with the init error, and is reported
   * under its own request id: an asynchronous event keeps one across its attempts.
   */
  private failedInit(failure: InitFailure, given: string | undefined): InvocationOutcome {
    const requestId = given ?? crypto.randomUUID();
    const { log } = this.options.environment;
    const { functionName, memoryMb } = this.options.environment;
    log(startLine(requestId));
    log(initReportLine(failure.initDurationMs, failure.errorType));
    this.logEnd(
      invocationReport({
        function: functionName,
        requestId,
        environmentId: '',
        startedAt: Date.now(),
        durationMs: 0,
        memorySizeMb: memoryMb,
        maxMemoryUsedMb: failure.maxMemoryUsedMb,
        initDurationMs: failure.initDurationMs,
        status: 'error',
        errorType: failure.errorType,
      }),
    );
    return { kind: 'function-error', requestId, errorType: failure.errorType, errorMessage: failure.message, coldStart: true };
  }

  private logEnd(report: InvocationReport): void {
    const { log } = this.options.environment;
    log(endLine(report.requestId));
    log(reportLine(report));
    this.options.onReport(report);
  }

  private forget(environment: ExecutionEnvironment): void {
    this.living.delete(environment);
    const index = this.idle.findIndex((entry) => entry.environment === environment);
    if (index >= 0) this.idle.splice(index, 1);
  }

  private reapIdle(): void {
    const cutoff = Date.now() - this.options.idleTimeoutMs;
    // Oldest first: the list is kept in the order environments became idle.
    while (this.idle.length > 0 && this.idle[0]!.since < cutoff) this.idle.shift()!.environment.dispose();
  }
}

/** Kills the environment's runtime; resolves once its process has exited. */
function disposed(environment: ExecutionEnvironment): Promise<void> {
  const exited = new Promise<void>((resolve) => environment.onDeath(resolve));
  environment.dispose();
  return exited;
}
