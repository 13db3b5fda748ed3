import type { InvocationReport, InvocationStatus } from '../../formats/report-record.ts';

/** What the stand-in's Lambda service reports of an invocation, billed as Lambda bills it. */

/**
 * Billed time is rounded up to the next millisecond. Since 1 August 2025 Lambda bills the INIT
 * phase of on-demand cold starts for every runtime, so a cold start's bill includes its init.
 */
export function billedDurationMs(durationMs: number, initDurationMs: number | undefined): number {
  return Math.ceil(durationMs + (initDurationMs ?? 0));
}

export interface Invoked {
  function: string;
  requestId: string;
  /** Empty for an invocation whose environment never became ready. */
  environmentId: string;
  startedAt: number;
  durationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  /** Only on the invocation that started its environment. */
  initDurationMs: number | undefined;
  status: InvocationStatus;
  errorType: string | undefined;
  /** The cores the environment was held to while invoked; undefined where it had every core. */
  cpuVcpus?: number | undefined;
  /** CPU time the runtime used during the invocation, where the kernel accounted it. */
  cpuTimeMs?: number | undefined;
}

/** The REPORT record of an invocation, with its billed duration. */
export function invocationReport(invoked: Invoked): InvocationReport {
  const { initDurationMs, errorType, cpuVcpus, cpuTimeMs, ...facts } = invoked;
  return {
    function: facts.function,
    requestId: facts.requestId,
    environmentId: facts.environmentId,
    startedAt: facts.startedAt,
    durationMs: facts.durationMs,
    billedDurationMs: billedDurationMs(facts.durationMs, initDurationMs),
    memorySizeMb: facts.memorySizeMb,
    maxMemoryUsedMb: facts.maxMemoryUsedMb,
    ...(initDurationMs === undefined ? {} : { initDurationMs }),
    status: facts.status,
    ...(errorType === undefined ? {} : { errorType }),
    ...(cpuVcpus === undefined ? {} : { cpuVcpus }),
    ...(cpuTimeMs === undefined ? {} : { cpuTimeMs }),
  };
}
