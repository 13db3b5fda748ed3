import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { InvocationReport } from '../formats/report-record.ts';
import { CommandError } from '../toolchain/command.ts';
import { badInput } from '../toolchain/command.ts';

/**
 * The REPORT records of a run (`lambda/reports.jsonl`, one per invocation, as the stand-in wrote
 * them), by function; an empty map when the run has none (a run against AWS, say).
 */
export async function readReports(file: string): Promise<Map<string, InvocationReport[]>> {
  const byFunction = new Map<string, InvocationReport[]>();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return byFunction;
  }
  text.split('\n').forEach((line, index) => {
    if (!line) return;
    const report = parseRecord(line, `${path.relative(process.cwd(), file)}:${index + 1}`);
    const reports = byFunction.get(report.function);
    // Appended in place: a two-hour run has hundreds of thousands of records per function.
    if (reports) reports.push(report);
    else byFunction.set(report.function, [report]);
  });
  return byFunction;
}

function parseRecord(line: string, where: string): InvocationReport {
  let record: Partial<InvocationReport>;
  try {
    record = JSON.parse(line) as Partial<InvocationReport>;
  } catch {
    throw new CommandError(`${where}: not a REPORT record (not JSON)`, badInput);
  }
  if (typeof record.function !== 'string' || typeof record.durationMs !== 'number' || typeof record.maxMemoryUsedMb !== 'number') {
    throw new CommandError(`${where}: not a REPORT record (needs function, durationMs, maxMemoryUsedMb)`, badInput);
  }
  return record as InvocationReport;
}
