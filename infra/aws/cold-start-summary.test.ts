import { describe, expect, it } from 'vitest';
import { summaryErrors } from '../../compare/summary-file.ts';
import { coldStartSummary } from './cold-start-summary.ts';
import type { ColdStartRecord } from '../../formats/cold-starts.ts';
import type { FunctionName } from '../../functions.config.ts';

const record = (fn: FunctionName, round: number, initDurationMs: number | null, clientLatencyMs: number, statusCode = 201): ColdStartRecord => ({
  function: fn,
  round,
  requestId: `${fn}-${round}`,
  initDurationMs,
  durationMs: 40,
  billedDurationMs: 41 + (initDurationMs ?? 0),
  maxMemoryUsedMb: fn === 'node' ? 90 : 20,
  clientLatencyMs,
  statusCode,
});

describe('cold starts on AWS as a run summary', () => {
  it('is a lambda-duel/summary@2 document of the contenders measured, that compare reads, with REPORT records beside it', () => {
    // Given two rounds per function, one of Rust's not cold after all and one failing
    const records = [record('node', 1, 300, 520), record('node', 2, 310, 540), record('rust', 1, 40, 120), record('rust', 2, null, 60, 502)];

    // When they are turned into a run
    const { summary, reports } = coldStartSummary({ id: 'aws-cold', startedAt: '2026-11-23T10:00:00Z', endedAt: '2026-11-23T10:01:00Z', machine: 'laptop', records });

    // Then the summary validates and counts what happened
    expect(summaryErrors(summary)).toEqual([]);
    expect(summary.run).toMatchObject({ scenario: 'coldstart', target: 'aws', contenders: ['node', 'rust'] });
    expect(summary.routes.node).toMatchObject({ requests: 2, cold: { count: 2 }, failures: { total: 0 } });
    expect(summary.routes.rust).toMatchObject({ requests: 2, cold: { count: 1 }, failures: { total: 1, byStatus: { '502': 1 } } });
    expect(summary.routes.node!.latencyMs?.max).toBe(540);
    // And the REPORT figures are kept per invocation, INIT only where Lambda reported one
    expect(reports.filter((report) => report.initDurationMs !== undefined)).toHaveLength(3);
    expect(reports.find((report) => report.requestId === 'rust-2')).toMatchObject({ status: 'error', memorySizeMb: 256 });
  });

  it('has a route for each contender measured and for no other', () => {
    // Given cold starts of Rust alone, beside the baseline's
    const records = [record('rust', 1, 40, 120), record('baseline', 1, 30, 50)];
    // When they are turned into a run, Then Rust is its one contender
    const { summary } = coldStartSummary({ id: 'aws-cold', startedAt: '2026-11-23T10:00:00Z', endedAt: '2026-11-23T10:01:00Z', machine: 'laptop', records });
    expect(summaryErrors(summary)).toEqual([]);
    expect(summary.run.contenders).toEqual(['rust']);
    expect(Object.keys(summary.routes)).toEqual(['rust']);
  });
});
