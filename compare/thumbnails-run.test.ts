import { describe, expect, it } from 'vitest';
import { thumbnailPipelineSchemaId, type ContenderPipeline, type ThumbnailPipeline } from '../formats/thumbnail-pipeline.ts';
import type { InvocationReport } from '../formats/report-record.ts';
import { defaultPricing } from './pricing.ts';
import { reports, runSummary } from './testing/run-results.ts';
import { compareThumbnailRun } from './thumbnails-run.ts';

function pipeline(endToEndMs: number[], overrides: Partial<ContenderPipeline> = {}): ContenderPipeline {
  return {
    uploads: endToEndMs.length,
    done: endToEndMs.length,
    failed: { count: 0, byType: {} },
    gaveUp: { count: 0, keys: [] },
    unfinished: { count: 0, keys: [] },
    lost: { count: 0, keys: [] },
    inconsistent: { count: 0, keys: [] },
    strayThumbnails: { count: 0, keys: [] },
    endToEndMs,
    window: { from: '2026-12-02T06:00:00.000Z', to: '2026-12-02T06:00:10.000Z' },
    sourceBytes: 0,
    thumbnailBytes: 0,
    ...overrides,
  };
}

const uploads = 100;
const spread = (base: number) => Array.from({ length: uploads }, (_, index) => base + index);

function comparison(nodeReports: InvocationReport[]) {
  const drained: ThumbnailPipeline = {
    schema: thumbnailPipelineSchemaId,
    stores: 'local',
    runId: 'run',
    drained: { at: '2026-12-02T06:01:00.000Z', settled: true, waitedSeconds: 3 },
    contenders: { node: pipeline(spread(400)), rust: pipeline(spread(100)) },
  };
  return compareThumbnailRun({
    summary: runSummary(3, 3, { scenario: 'thumbnails' }),
    compared: { contenders: ['node', 'rust'], reference: 'rust' },
    pipeline: drained,
    reports: new Map([
      ['node-thumbnailer', nodeReports],
      ['rust-thumbnailer', reports('rust-thumbnailer', uploads, 80, 40, 1, 20)],
    ]),
    packageSizes: null,
    runtimes: {},
    pricing: defaultPricing,
    pricingSource: 'built-in',
  });
}

describe('compareThumbnailRun', () => {
  it('ranks the pipelines by their end-to-end time, with an interval over the uploads', () => {
    const { rows } = comparison(reports('node-thumbnailer', uploads, 300, 160, 1, 300));
    const p50 = rows.find((row) => row.id === 'pipeline.e2e.p50')!;
    expect(p50.values).toEqual({ node: 449, rust: 149 });
    expect(p50.ratios[0]).toMatchObject({ contender: 'node', verdict: expect.stringContaining('rust') });
    expect(p50.ratios[0]?.interval?.method).toBe('bootstrap over 100 + 100 uploads');
    expect(rows.find((row) => row.id === 'pipeline.rate')?.values).toEqual({ node: 10, rust: 10 });
  });

  it('counts a retry as an invocation past the first of a request id, and bills each invocation its GET', () => {
    // Given node's 100 uploads, each run once and ten of them run a second time (one request id, two REPORTs)
    const once = reports('node-thumbnailer', uploads, 300, 160, 1, 300);
    const retried = [...once, ...once.slice(0, 10).map((report) => ({ ...report, startedAt: report.startedAt + 60_000 }))];
    const { rows, charts } = comparison(retried);
    expect(rows.find((row) => row.id === 'uploads.retries')?.values).toEqual({ node: 10, rust: 0 });
    // Then a million images cost 1.1 million GETs and invocations, and two PUTs each (upload and thumbnail)
    expect(charts.cost.node?.s3Gets).toBeCloseTo(1.1 * 0.4, 6);
    expect(charts.cost.node?.lambdaRequests).toBeCloseTo(1.1 * 0.2, 6);
    expect(charts.cost.node?.s3Puts).toBeCloseTo(10, 6);
    expect(charts.cost.node?.dynamodbWrites).toBeCloseTo(0.625, 6);
    expect(charts.cost.node?.apiGateway).toBe(0);
  });
});
