import { Counter, Trend } from 'k6/metrics';

/** Client-seen latency of requests a new execution environment served (x-cold-start: true). */
export const latencyCold = new Trend('latency_cold', true);
/** Client-seen latency of requests a warm environment served. */
export const latencyWarm = new Trend('latency_warm', true);
export const coldStarts = new Counter('cold_starts');
