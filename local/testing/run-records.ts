import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { reportsFile, type InvocationReport } from '../../formats/report-record.ts';
import { expect } from 'vitest';
import { settled } from './settled.ts';

/** Where a stand-in's logs are: only `logDir` is read. */
interface Logged {
  logDir: string;
}

/** The function's REPORT records on disk so far, in the order they were written. */
export async function reports(standIn: Logged, functionName: string): Promise<InvocationReport[]> {
  const lines = (await readFile(path.join(standIn.logDir, reportsFile.name), 'utf8').catch(() => '')).split('\n');
  return lines.filter(Boolean).map((line) => JSON.parse(line) as InvocationReport).filter((report) => report.function === functionName);
}

/**
 * The function's first `count` REPORT records of invocations that started at `since` or later,
 * once written: the log reaches its file in batches, so an earlier invocation's record may land
 * after a count taken now.
 */
export async function reportsSince(standIn: Logged, functionName: string, since: number, count: number): Promise<InvocationReport[]> {
  const recent = async () => (await reports(standIn, functionName)).filter((report) => report.startedAt >= since);
  return (await settled(recent, (all) => all.length >= count)).slice(0, count);
}

/** The function's log, as CloudWatch would hold it. */
export async function functionLog(standIn: Logged, functionName: string): Promise<string> {
  return readFile(path.join(standIn.logDir, `${functionName}.log`), 'utf8').catch(() => '');
}

/**
 * After a function timed out and was called once more: its first two REPORT records are the
 * timeout and a cold start in a new environment, as Lambda replaces a timed-out one.
 */
export async function expectTimeoutThenFreshEnvironment(standIn: Logged, functionName: string): Promise<void> {
  const [first, second] = await settled(() => reports(standIn, functionName), (all) => all.length >= 2);
  expect(first).toMatchObject({ status: 'timeout' });
  expect(second?.initDurationMs).toBeGreaterThan(0);
  expect(second?.environmentId).not.toBe(first?.environmentId);
}
