/** Requests and latency per fixed window of time: the over-time charts of a run. */
import { Histogram } from './histogram.ts';

export interface RawWindow {
  /** Seconds from the run's first request (a segmented run's: its earliest setup) to the window's start. */
  startSeconds: number;
  requests: number;
  /** Nearest-rank percentiles within the window (2 significant digits); null when the route had no requests in it. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

/**
 * The run's time axis, shared by the routes so that their windows line up: windows start at the
 * first request k6 wrote, or at an origin given. k6 writes samples roughly, not strictly, in time order, so the few that
 * end up before that first one count in the first window.
 */
export class Timeline {
  startMs = Number.POSITIVE_INFINITY;
  endMs = Number.NEGATIVE_INFINITY;
  windows = 0;
  private origin: number | undefined;
  private readonly windowMs: number;

  constructor(
    readonly windowSeconds: number,
    origin?: number,
  ) {
    if (!(windowSeconds > 0)) throw new RangeError(`windowSeconds must be positive, got ${windowSeconds}`);
    this.windowMs = windowSeconds * 1000;
    this.origin = origin;
  }

  /** The window of a request at `timeMs` (epoch ms). */
  windowOf(timeMs: number): number {
    this.origin ??= timeMs;
    if (timeMs < this.startMs) this.startMs = timeMs;
    if (timeMs > this.endMs) this.endMs = timeMs;
    const index = Math.max(0, Math.floor((timeMs - this.origin) / this.windowMs));
    if (index >= this.windows) this.windows = index + 1;
    return index;
  }
}

/** One route's latency per window, in small histograms. */
export class WindowedLatency {
  private readonly histograms: Array<Histogram | undefined> = [];

  record(window: number, valueMs: number): void {
    (this.histograms[window] ??= new Histogram(2)).record(valueMs);
  }

  /** Every window of the timeline, the empty ones too, so that both routes' series have the same points. */
  series(timeline: Timeline): RawWindow[] {
    return Array.from({ length: timeline.windows }, (_, index) => {
      const histogram = this.histograms[index];
      const at = (p: number) => (histogram ? histogram.percentile(p) : null);
      return { startSeconds: index * timeline.windowSeconds, requests: histogram?.count ?? 0, p50Ms: at(50), p95Ms: at(95), p99Ms: at(99) };
    });
  }
}
