/**
 * Hand-written comparisons for the HTML report's tests, with the numbers a local ramp run gives:
 * Rust about twice as fast warm and seven times faster to start, Node's bundle the smaller, the
 * bill nearly the same because S3 and API Gateway dominate it.
 */
import { offeredLoad } from '../compare-run.ts';
import type { CostBreakdown } from '../../formats/comparison.ts';
import type { Comparison, Interval, MetricRow, TimePoint } from '../../formats/comparison.ts';
import { verdict } from '../verdict.ts';

const raw = (low: number, high: number) => ({ low, high, method: 'bootstrap over 1,497 + 1,499 raw samples' });
const fromReports = (low: number, high: number) => ({ low, high, method: 'bootstrap over the REPORT lines' });

/** The rows compare-run.ts makes, in its groups and order. */
const rows: MetricRow[] = [
  row('latency.p50', 'Latency (client-seen)', 'latency p50', 'ms', 'lower', 8.42, 4.11, raw(1.97, 2.13)),
  row('latency.p90', 'Latency (client-seen)', 'latency p90', 'ms', 'lower', 13.8, 6.92, raw(1.88, 2.11)),
  row('latency.p95', 'Latency (client-seen)', 'latency p95', 'ms', 'lower', 17.6, 8.75, raw(1.85, 2.19)),
  row('latency.p99', 'Latency (client-seen)', 'latency p99', 'ms', 'lower', 31.2, 19.4, raw(1.22, 2.05)),
  row('latency.p99.9', 'Latency (client-seen)', 'latency p99.9', 'ms', 'lower', 84.5, 61.3, raw(0.82, 2.31)),
  row('latency.max', 'Latency (client-seen)', 'latency max', 'ms', 'lower', 212, 187, null),
  row('throughput.rps', 'Throughput', 'requests/s', 'req/s', null, 9.98, 9.99, null, offeredLoad),
  row('throughput.requests', 'Throughput', 'requests', 'count', null, 1497, 1499, null, offeredLoad),
  row('errors.rate', 'Throughput', 'error rate', '%', 'lower', 0, 0, null),
  row('cold.count', 'Cold starts', 'cold starts', 'count', 'lower', 10, 10, null),
  row('cold.init.p50', 'Cold starts', 'Init Duration p50 (REPORT)', 'ms', 'lower', 183, 23.9, fromReports(6.82, 8.51)),
  row('cold.init.p99', 'Cold starts', 'Init Duration p99 (REPORT)', 'ms', 'lower', 201, 29.8, fromReports(5.43, 8.97)),
  row('cold.client.p50', 'Cold starts', 'client-seen cold latency p50', 'ms', 'lower', 250, 42.1, null),
  row('cold.client.p99', 'Cold starts', 'client-seen cold latency p99', 'ms', 'lower', 280, 52.6, null),
  row('duration.p50', 'Function (REPORT)', 'Duration p50', 'ms', 'lower', 4.86, 1.92, fromReports(2.37, 2.71)),
  row('duration.max', 'Function (REPORT)', 'Duration max', 'ms', 'lower', 96.3, 71.8, null),
  row('billed.p50', 'Function (REPORT)', 'Billed Duration p50', 'ms', 'lower', 5, 2, fromReports(2.5, 2.5)),
  row('billed.max', 'Function (REPORT)', 'Billed Duration max', 'ms', 'lower', 298, 102, null),
  row('memory.p50', 'Function (REPORT)', 'Max Memory Used p50', 'MB', 'lower', 91, 18, fromReports(4.79, 5.36)),
  row('memory.max', 'Function (REPORT)', 'Max Memory Used max', 'MB', 'lower', 97, 19, null),
  row('package.zip', 'Package', 'deployment zip', 'bytes', 'lower', 612_340, 7_340_032, null),
  row('cost.total', 'Cost per million requests', 'whole stack', '$', 'lower', 7.0191, 7.00553, null),
  row('cost.lambda', 'Cost per million requests', 'Lambda (requests, compute, INIT)', '$', 'lower', 0.2241, 0.21053, null),
];

/** Both routes take 10 s turns; each turn is two 5 s windows. */
const nodeWindows = [2.5, 7.5, 22.5, 27.5, 42.5, 47.5, 62.5, 67.5, 82.5, 87.5, 102.5, 107.5, 122.5, 127.5, 142.5, 147.5];
const rustWindows = [12.5, 17.5, 32.5, 37.5, 52.5, 57.5, 72.5, 77.5, 92.5, 97.5, 112.5, 117.5, 132.5, 137.5];

/** Latency bucket bounds, ms: about four to a factor of two. */
const bucketsMs = [1, 1.25, 1.6, 2, 2.5, 3.2, 4, 5, 6.3, 8, 10, 12.5, 16, 20, 25, 32, 40, 50, 63, 80, 100, 125, 160, 200, 250];

export const fullComparison: Comparison = {
  schema: 'lambda-duel/compare@2',
  run: {
    id: '2026-11-23T19-46-54Z-ramp',
    scenario: 'ramp',
    target: 'local',
    mode: 'interleaved',
    startedAt: '2026-11-23T19:46:54.120Z',
    durationSeconds: 150,
    machine: 'linux x64, 2 × AMD EPYC 7B13, 24 GiB',
  },
  contenders: ['node', 'rust'],
  reference: 'rust',
  banner:
    'Local stand-in: one machine gives each function whole cores, where Lambda gives CPU in proportion to memory. These numbers rank the two implementations; they are not AWS latencies.',
  sources: { raw: true, reports: true, artifacts: true, pricing: 'us-east-1 list prices of 2025-08-01 (https://aws.amazon.com/lambda/pricing/)' },
  rows,
  claims: null,
  runtimes: {},
  cpu: { node: { memoryMb: 256, vcpus: null }, rust: { memoryMb: 256, vcpus: null } },
  charts: {
    latencyPercentiles: {
      node: { p50: 8.42, p90: 13.8, p95: 17.6, p99: 31.2, 'p99.9': 84.5, max: 212 },
      rust: { p50: 4.11, p90: 6.92, p95: 8.75, p99: 19.4, 'p99.9': 61.3, max: 187 },
    },
    latencyDistribution: {
      node: { bucketsMs, counts: [0, 0, 0, 0, 0, 2, 9, 38, 141, 312, 348, 251, 170, 98, 52, 31, 18, 11, 7, 4, 2, 1, 1, 1, 0] },
      rust: { bucketsMs, counts: [0, 0, 3, 41, 188, 356, 402, 231, 118, 64, 37, 22, 13, 8, 5, 3, 2, 2, 1, 1, 0, 1, 0, 1, 0] },
    },
    p95OverTime: {
      node: series(nodeWindows, [14.1, 15.3, 16.2, 15.8, 17.1, 16.4, 18.2, 17.5, 17.9, 19.4, 18.6, 17.2, 18.8, 19.9, 17.7, 18.3]),
      rust: series(rustWindows, [7.9, 8.4, 8.1, 8.8, 9.2, 8.5, 8.9, 9.6, 8.7, 9.1, 8.3, 9.4, 8.8, 9.0]),
    },
    rpsOverTime: {
      node: series(nodeWindows, [2.6, 3.4, 5.4, 6.2, 8.0, 8.8, 10.6, 11.4, 13.4, 14.0, 16.0, 16.8, 18.8, 19.6, 20.0, 19.8]),
      rust: series(rustWindows, [4.0, 4.8, 6.8, 7.6, 9.2, 10.2, 12.0, 12.8, 14.6, 15.4, 17.4, 18.2, 20.0, 20.0]),
    },
    coldStarts: {
      node: {
        initMs: [176.4, 182.9, 171.2, 195.7, 188.1, 179.5, 201.3, 184.6, 177.8, 190.2],
        clientMs: [241.7, 250.3, 233.9, 268.4, 255.0, 244.1, 279.6, 252.8, 240.5, 261.9],
      },
      rust: {
        initMs: [22.8, 24.1, 21.9, 26.7, 23.5, 25.2, 22.4, 29.8, 23.9, 24.6],
        clientMs: [40.2, 42.8, 39.5, 47.1, 41.6, 44.3, 40.9, 52.6, 42.1, 43.7],
      },
    },
    memoryMb: {
      node: [84, 86, 87, 88, 88, 89, 89, 90, 90, 90, 91, 91, 91, 92, 92, 92, 93, 93, 94, 94, 95, 95, 96, 97],
      rust: [16, 17, 17, 17, 17, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 18, 19, 19, 19, 19, 19, 19, 19, 19],
    },
    cost: {
      node: bill({ lambdaCompute: 0.02, lambdaInit: 0.0041 }),
      rust: bill({ lambdaCompute: 0.01, lambdaInit: 0.00053 }),
    },
  },
};

/** The same run against AWS without RAW=1: no distribution, no series over time, no interval from raw samples. */
export const sparseComparison: Comparison = {
  ...fullComparison,
  run: { ...fullComparison.run, id: '2026-11-24T08-02-10Z-ramp', target: 'aws', mode: 'parallel', startedAt: '2026-11-24T08:02:10.000Z' },
  banner: null,
  cpu: {},
  sources: { ...fullComparison.sources, raw: false },
  rows: rows.map((metric) => ({
    ...metric,
    ratios: metric.ratios.map((ratio) =>
      ratio.interval?.method.includes('raw')
        ? { ...ratio, interval: null, verdict: verdict({ ...metric, ...ratio, reference: 'rust' }, null, 'no interval: run with RAW=1') }
        : ratio,
    ),
  })),
  charts: {
    ...fullComparison.charts,
    latencyDistribution: null,
    p95OverTime: null,
    rpsOverTime: null,
    // The client-seen side of a cold start comes from the raw samples too.
    coldStarts: {
      node: { ...fullComparison.charts.coldStarts.node!, clientMs: [] },
      rust: { ...fullComparison.charts.coldStarts.rust!, clientMs: [] },
    },
  },
};

function row(
  id: string,
  group: string,
  label: string,
  unit: MetricRow['unit'],
  better: MetricRow['better'],
  node: number,
  rust: number,
  interval: Interval | null,
  note: string | null = null,
): MetricRow {
  const ratio = rust !== 0 ? node / rust : null;
  const values = { node, rust };
  return { id, group, label, unit, better, values, ratios: [{ contender: 'node', ratio, interval, verdict: verdict({ contender: 'node', reference: 'rust', unit, better, ratio, values }, interval, note) }] };
}

function series(times: number[], values: number[]): TimePoint[] {
  return times.map((t, index) => ({ t, value: values[index]! }));
}

/** A UUID writer's bill per million requests: the same per-request items, its own Lambda time. */
function bill(lambda: { lambdaCompute: number; lambdaInit: number }): CostBreakdown {
  const items = { apiGateway: 1, lambdaRequests: 0.2, s3Puts: 5, s3Gets: 0, dynamodbWrites: 0.625, logs: 0.17, ...lambda };
  return { ...items, total: Object.values(items).reduce((sum, value) => sum + value, 0) };
}
