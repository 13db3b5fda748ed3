import type { ContenderName, PerContender } from '../functions.config.ts';
import type { RawView } from './compare-run.ts';
import type { Distribution } from '../formats/comparison.ts';
import type { Histogram } from './raw/histogram.ts';
import { readRawRun, type RawRoute, type RawRun } from './raw/read-raw.ts';

/** Bins of the distribution chart: log-spaced, shared by every route so they overlay. */
const bins = 60;

/** What a run's raw k6 output adds to its comparison, for its contenders: samples for intervals, series, distributions. */
export async function rawView(source: { files: readonly string[]; originMs?: number }, contenders: readonly ContenderName[]): Promise<RawView> {
  const raw = await readRawRun(source.files, { contenders, originMs: source.originMs });
  const byRoute = <T>(value: (route: RawRoute) => T): PerContender<T> => Object.fromEntries(contenders.map((name) => [name, value(raw.routes[name]!)]));
  return {
    samples: byRoute((route) => route.sampleMs),
    coldSamples: byRoute((route) => valuesOf(route.cold)),
    windows: byRoute((route) => route.windows.map((window) => ({ start: window.startSeconds, requests: window.requests, p95: window.p95Ms }))),
    windowSeconds: raw.windowSeconds,
    distribution: sharedDistribution(raw, contenders),
  };
}

/** A histogram's contents as values (midpoints of its finest buckets, within 0.05 %), for the few cold starts a run has. */
function valuesOf(histogram: Histogram): number[] {
  return histogram.buckets(1024).flatMap((bucket) => Array<number>(bucket.count).fill((bucket.lowMs + bucket.highMs) / 2));
}

function sharedDistribution(raw: RawRun, contenders: readonly ContenderName[]): PerContender<Distribution> {
  const latencies = contenders.map((route) => raw.routes[route]!.latency).filter((histogram) => histogram.count > 0);
  const low = Math.max(0.01, Math.min(...latencies.map((histogram) => histogram.min)));
  const high = Math.max(...latencies.map((histogram) => histogram.max)) * 1.0001;
  const bucketsMs = Array.from({ length: bins }, (_, index) => low * (high / low) ** ((index + 1) / bins));
  const binOf = (value: number) => Math.min(bins - 1, Math.max(0, Math.floor((Math.log(value / low) / Math.log(high / low)) * bins)));
  return Object.fromEntries(
    contenders.map((route) => {
      const counts = Array<number>(bins).fill(0);
      for (const bucket of raw.routes[route]!.latency.buckets()) counts[binOf((bucket.lowMs + bucket.highMs) / 2)]! += bucket.count;
      return [route, { bucketsMs, counts }];
    }),
  );
}
