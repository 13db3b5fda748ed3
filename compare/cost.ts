import type { Architecture } from '../functions.config.ts';
import type { CostBreakdown } from '../formats/comparison.ts';
import type { Pricing } from './pricing.ts';

/** What one function costs to run, as measured (or assumed before a run). */
export interface CostProfile {
  architecture: Architecture;
  memoryMb: number;
  /**
   * Mean billed duration of the invoke phase, in ms, INIT not included (Lambda rounds each
   * invocation up to the next ms; pass the mean of those rounded figures).
   */
  meanBilledDurationMs: number;
  /** Share of requests that started a new execution environment, 0…1. */
  coldStartShare: number;
  /** Mean INIT duration of those cold starts, in ms: billed too, since August 2025. */
  meanInitDurationMs: number;
  /** One S3 PUT and one DynamoDB write per request (the UUID writers); the baseline has none. */
  usesStorage: boolean;
  /** Whether the requests come through API Gateway (k6) or straight to Lambda (`Invoke`). */
  throughApi: boolean;
}

const million = 1_000_000;
const bytesPerGb = 2 ** 30;

/** What `requests` requests cost, item by item. */
export function requestsCost(profile: CostProfile, requests: number, pricing: Pricing): CostBreakdown {
  const gb = profile.memoryMb / 1024;
  const perGbSecond = pricing.lambdaPerGbSecond[profile.architecture];
  const items = {
    apiGateway: profile.throughApi ? (requests / million) * pricing.httpApiPerMillionRequests : 0,
    lambdaRequests: (requests / million) * pricing.lambdaPerMillionRequests,
    lambdaCompute: requests * gb * (profile.meanBilledDurationMs / 1000) * perGbSecond,
    lambdaInit: requests * profile.coldStartShare * gb * (profile.meanInitDurationMs / 1000) * perGbSecond,
    s3Puts: profile.usesStorage ? (requests / 1000) * pricing.s3PutPerThousand : 0,
    s3Gets: 0,
    dynamodbWrites: profile.usesStorage ? (requests / million) * pricing.dynamodbPerMillionWriteUnits : 0,
    logs: ((requests * pricing.platformLogBytesPerInvocation) / bytesPerGb) * pricing.logsIngestionPerGb,
  };
  return { ...items, total: sum(Object.values(items)) };
}

/** The whole stack's cost per million requests to one function. */
export function costPerMillionRequests(profile: CostProfile, pricing: Pricing): CostBreakdown {
  return requestsCost(profile, million, pricing);
}

/** A run that sends requests to several functions: the items added up. */
export function runCost(parts: readonly { profile: CostProfile; requests: number }[], pricing: Pricing): CostBreakdown {
  const costs = parts.map(({ profile, requests }) => requestsCost(profile, requests, pricing));
  const keys = ['apiGateway', 'lambdaRequests', 'lambdaCompute', 'lambdaInit', 's3Puts', 's3Gets', 'dynamodbWrites', 'logs', 'total'] as const;
  return Object.fromEntries(keys.map((key) => [key, sum(costs.map((cost) => cost[key]))])) as unknown as CostBreakdown;
}

/** Dollars for people: cents precision above a cent, two significant digits below. */
export function formatDollars(amount: number): string {
  if (amount === 0) return '$0';
  if (amount >= 0.01) return `$${amount.toFixed(2)}`;
  return `$${amount.toPrecision(2)}`;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
