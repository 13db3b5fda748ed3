/**
 * Every line the Lambda platform writes to a function's log around its invocations (START, END,
 * REPORT, INIT_REPORT, the timeout and runtime-exit lines), and the REPORT line read back. Formats
 * follow real Lambda: tab-separated fields, durations in ms with two decimals, memory in whole MB,
 * Init Duration only on a cold start. The stand-in writes them; the AWS tools read real ones.
 */
import type { InvocationReport } from './report-record.ts';

export function startLine(requestId: string): string {
  return `START RequestId: ${requestId} Version: $LATEST`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export function reportLine(report: InvocationReport): string {
  const fields = [
    `REPORT RequestId: ${report.requestId}`,
    `Duration: ${report.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${report.billedDurationMs} ms`,
    `Memory Size: ${report.memorySizeMb} MB`,
    `Max Memory Used: ${Math.round(report.maxMemoryUsedMb)} MB`,
  ];
  if (report.initDurationMs !== undefined) fields.push(`Init Duration: ${report.initDurationMs.toFixed(2)} ms`);
  if (report.status !== 'success') fields.push(`Status: ${report.status}`);
  if (report.errorType) fields.push(`Error Type: ${report.errorType}`);
  return `${fields.join('\t')}\t`;
}

/** An environment whose INIT phase failed: the line Lambda writes instead of a REPORT's Init Duration. */
export function initReportLine(initDurationMs: number, errorType: string): string {
  return `INIT_REPORT Init Duration: ${initDurationMs.toFixed(2)} ms\tPhase: init\tStatus: error\tError Type: ${errorType}`;
}

export function timeoutLine(requestId: string, timeoutSeconds: number, at: Date): string {
  return `${at.toISOString()} ${requestId} Task timed out after ${timeoutSeconds.toFixed(2)} seconds`;
}

export function runtimeExitLine(requestId: string, reason: string): string {
  return `RequestId: ${requestId} Error: Runtime exited with error: ${reason}\nRuntime.ExitError`;
}

/** The fields of a REPORT line, as tools read them back from a log. */
export interface ParsedReport {
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  initDurationMs?: number;
  status?: string;
}

const reportField = /(Duration|Billed Duration|Memory Size|Max Memory Used|Init Duration|Status): ([\w.]+)/g;

/** Undefined for any line that is not a REPORT line. Reads real Lambda's lines and ours alike. */
export function parseReportLine(line: string): ParsedReport | undefined {
  const requestId = /^REPORT RequestId: (\S+)/.exec(line)?.[1];
  if (!requestId) return undefined;
  const fields = new Map<string, string>();
  for (const [, name, value] of line.matchAll(reportField)) fields.set(name!, value!);
  const number = (name: string) => Number(fields.get(name));
  const report: ParsedReport = {
    requestId,
    durationMs: number('Duration'),
    billedDurationMs: number('Billed Duration'),
    memorySizeMb: number('Memory Size'),
    maxMemoryUsedMb: number('Max Memory Used'),
  };
  if (fields.has('Init Duration')) report.initDurationMs = number('Init Duration');
  if (fields.has('Status')) report.status = fields.get('Status')!;
  return Number.isNaN(report.durationMs) ? undefined : report;
}
