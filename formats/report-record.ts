/**
 * The REPORT record: one JSON line per invocation in a run's `lambda/reports.jsonl`, the facts of
 * Lambda's REPORT line for tools. The stand-in writes it, and so does the AWS cold-start run;
 * compare reads it. Types and constants only.
 */

export type InvocationStatus = 'success' | 'error' | 'timeout';

export interface InvocationReport {
  function: string;
  requestId: string;
  environmentId: string;
  /** Wall-clock time the invocation started, ms since the epoch. */
  startedAt: number;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  /** Present on the invocation that started its environment. */
  initDurationMs?: number;
  status: InvocationStatus;
  errorType?: string;
  /**
   * The stand-in's CPU model: the share of a core the environment was held to while invoked
   * (memory / 1,769 MB). Absent where it could use every core, and from AWS, whose REPORT lines
   * do not say (the share follows from the memory size there).
   */
  cpuVcpus?: number;
  /**
   * The stand-in's: CPU time every thread of the runtime used from the event's hand-over to its
   * answer (its cpuacct cgroup). Absent from AWS, whose REPORT lines do not say.
   */
  cpuTimeMs?: number;
}

/** Where a run keeps them: `lambda/reports.jsonl` in its results folder, beside the functions' logs. */
export const reportsFile = { dir: 'lambda', name: 'reports.jsonl' } as const;
