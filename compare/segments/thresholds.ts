/**
 * A run's thresholds judged again on the merged run: each k6 instance judged its own share of the
 * load, and a p95 under budget in every segment can be over it in the whole.
 */
import type { RouteSummary } from '../../formats/summary.ts';
import type { Histogram } from '../raw/histogram.ts';

/** What a route's metrics are, merged, for the thresholds k6.config.ts declares on them. */
export interface MergedRouteMetrics {
  requests: number;
  failures: number;
  checks: { passes: number; fails: number };
  coldStarts: number;
  trends: Record<'http_req_duration' | 'latency_cold' | 'latency_warm', Histogram>;
}

const expression = /^\s*(rate|count|avg|min|max|med|p\(\s*(\d+(?:\.\d+)?)\s*\))\s*(<=|>=|<|>|===|==|!=)\s*(-?\d+(?:\.\d+)?)\s*$/;

/**
 * The threshold, evaluated on the merged metrics; when it is one this file cannot evaluate (a
 * metric or an aggregation the tests do not declare), it holds if it held in every segment.
 */
export function mergedThreshold(entry: RouteSummary['thresholds'][number], metrics: MergedRouteMetrics, heldEverywhere: boolean): boolean {
  const parsed = expression.exec(entry.threshold);
  const metric = entry.metric.replace(/\{.*$/, '');
  const value = parsed ? aggregate(metric, parsed[1]!.startsWith('p(') ? 'p' : parsed[1]!, Number(parsed[2]), metrics) : undefined;
  if (value === undefined || Number.isNaN(value)) return heldEverywhere;
  const bound = Number(parsed![4]);
  switch (parsed![3]) {
    case '<':
      return value < bound;
    case '<=':
      return value <= bound;
    case '>':
      return value > bound;
    case '>=':
      return value >= bound;
    case '!=':
      return value !== bound;
    default:
      return value === bound;
  }
}

function aggregate(metric: string, kind: string, p: number, metrics: MergedRouteMetrics): number | undefined {
  if (metric === 'http_req_failed' && kind === 'rate') return metrics.requests === 0 ? Number.NaN : metrics.failures / metrics.requests;
  if (metric === 'checks' && kind === 'rate') {
    const { passes, fails } = metrics.checks;
    return passes + fails === 0 ? Number.NaN : passes / (passes + fails);
  }
  if (metric === 'http_reqs' && kind === 'count') return metrics.requests;
  if (metric === 'cold_starts' && kind === 'count') return metrics.coldStarts;
  const trend = metrics.trends[metric as keyof MergedRouteMetrics['trends']];
  if (!trend) return undefined;
  if (kind === 'p') return trend.k6Percentile(p);
  if (kind === 'med') return trend.k6Percentile(50);
  if (kind === 'avg') return trend.mean;
  if (kind === 'min') return trend.min;
  if (kind === 'max') return trend.max;
  if (kind === 'count') return trend.count;
  return undefined;
}
