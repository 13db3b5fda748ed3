import { mkdtempSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { reportsFile, type InvocationReport } from '../../formats/report-record.ts';
import { RunLog } from './run-log.ts';

const report: InvocationReport = {
  function: 'node',
  requestId: 'r-1',
  environmentId: 'e-1',
  startedAt: 0,
  durationMs: 1.5,
  billedDurationMs: 2,
  memorySizeMb: 256,
  maxMemoryUsedMb: 60,
  status: 'success',
};

describe('RunLog', () => {
  let dir: string;
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('has every line and record in its files once closed, in the order they were logged', async () => {
    // Given a log with a few lines and a REPORT record
    dir = mkdtempSync(path.join(os.tmpdir(), 'run-log-'));
    const log = new RunLog(dir);
    log.write('node', 'START RequestId: r-1 Version: $LATEST');
    log.write('node', 'first\nsecond\n');
    log.report(report);

    // When it is closed
    await log.close();

    // Then the function's file and reports.jsonl hold them all
    expect(await readFile(path.join(dir, 'node.log'), 'utf8')).toBe('START RequestId: r-1 Version: $LATEST\nfirst\nsecond\n');
    expect(JSON.parse(await readFile(path.join(dir, reportsFile.name), 'utf8'))).toEqual(report);
  });

  it('drops what arrives after it closed instead of failing', async () => {
    // Given a closed log
    dir = mkdtempSync(path.join(os.tmpdir(), 'run-log-'));
    const log = new RunLog(dir);
    log.write('node', 'before');
    await log.close();

    // When a killed runtime's last output and a late REPORT arrive
    log.write('node', 'after');
    log.report(report);

    // Then nothing throws and the files hold only what came before
    expect(await readFile(path.join(dir, 'node.log'), 'utf8')).toBe('before\n');
    expect(await readFile(path.join(dir, reportsFile.name), 'utf8')).toBe('');
  });
});
