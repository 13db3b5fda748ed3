import { describe, expect, it } from 'vitest';
import { parseReportLine, reportLine } from './platform-log.ts';
import type { InvocationReport } from './report-record.ts';

// Lines as real Lambda writes them to CloudWatch Logs (tab-separated, trailing tab).
const realWarm = 'REPORT RequestId: 8f5f6ba7-2c1f-4a0c-a8c4-4b7e1f3f2b1d\tDuration: 12.53 ms\tBilled Duration: 13 ms\tMemory Size: 256 MB\tMax Memory Used: 91 MB\t';
const realCold =
  'REPORT RequestId: 3604209a-e9a3-11e6-939a-754dd98c7be3\tDuration: 48.67 ms\tBilled Duration: 233 ms\tMemory Size: 128 MB\tMax Memory Used: 21 MB\tInit Duration: 183.88 ms\t';
const realTimeout =
  'REPORT RequestId: 0e8b4a7c-1d2e-4f3a-9b8c-7d6e5f4a3b2c\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\tStatus: timeout';

describe('REPORT lines', () => {
  it('reads a warm invocation, without Init Duration', () => {
    expect(parseReportLine(realWarm)).toEqual({
      requestId: '8f5f6ba7-2c1f-4a0c-a8c4-4b7e1f3f2b1d',
      durationMs: 12.53,
      billedDurationMs: 13,
      memorySizeMb: 256,
      maxMemoryUsedMb: 91,
    });
  });

  it('reads a cold start, with Init Duration', () => {
    expect(parseReportLine(realCold)).toMatchObject({ durationMs: 48.67, initDurationMs: 183.88, maxMemoryUsedMb: 21 });
  });

  it('reads the status of a timed-out invocation', () => {
    expect(parseReportLine(realTimeout)).toMatchObject({ durationMs: 3000, status: 'timeout' });
  });

  it('ignores lines that are not REPORT lines', () => {
    expect(parseReportLine('START RequestId: 8f5f6ba7 Version: $LATEST')).toBeUndefined();
    expect(parseReportLine('2026-11-23T10:00:00.000Z\tabc\tINFO\tDuration: 5 ms')).toBeUndefined();
  });

  it('writes lines that read back to the same figures, in real Lambda field order', () => {
    // Given a cold start's report
    const report: InvocationReport = {
      function: 'rust',
      requestId: 'a1b2',
      environmentId: 'e1',
      startedAt: 0,
      durationMs: 7.126,
      billedDurationMs: 38,
      memorySizeMb: 256,
      maxMemoryUsedMb: 17.4,
      initDurationMs: 30.5,
      status: 'success',
    };
    // When it is written out
    const line = reportLine(report);
    // Then it has Lambda's layout and parses back
    expect(line).toBe('REPORT RequestId: a1b2\tDuration: 7.13 ms\tBilled Duration: 38 ms\tMemory Size: 256 MB\tMax Memory Used: 17 MB\tInit Duration: 30.50 ms\t');
    expect(parseReportLine(line)).toEqual({
      requestId: 'a1b2',
      durationMs: 7.13,
      billedDurationMs: 38,
      memorySizeMb: 256,
      maxMemoryUsedMb: 17,
      initDurationMs: 30.5,
    });
  });
});
