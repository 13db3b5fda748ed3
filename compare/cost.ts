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

/** What Lambda bills for some invocations and cold starts, and the logs they write: the items every workload pays. */
export interface LambdaUse {
  architecture: Architecture;
  memoryMb: number;
  invocations: number;
  /** Mean billed duration of the invoke phase, ms, INIT not included. */
  meanBilledDurationMs: number;
  coldStarts: number;
  meanInitDurationMs: number;
}

export function lambdaCost(use: LambdaUse, pricing: Pricing): Pick<CostBreakdown, 'lambdaRequests' | 'lambdaCompute' | 'lambdaInit' | 'logs'> {
  const gbSeconds = (ms: number) => (use.memoryMb / 1024) * (ms / 1000) * pricing.lambdaPerGbSecond[use.architecture];
  return {
    lambdaRequests: (use.invocations / million) * pricing.lambdaPerMillionRequests,
    lambdaCompute: use.invocations * gbSeconds(use.meanBilledDurationMs),
    lambdaInit: use.coldStarts * gbSeconds(use.meanInitDurationMs),
    logs: ((use.invocations * pricing.platformLogBytesPerInvocation) / bytesPerGb) * pricing.logsIngestionPerGb,
  };
}

/** What `requests` requests cost, item by item. */
export function requestsCost(profile: CostProfile, requests: number, pricing: Pricing): CostBreakdown {
  const lambda = lambdaCost({ ...profile, invocations: requests, coldStarts: requests * profile.coldStartShare }, pricing);
  const items = {
    apiGateway: profile.throughApi ? (requests / million) * pricing.httpApiPerMillionRequests : 0,
    ...lambda,
    s3Puts: profile.usesStorage ? (requests / 1000) * pricing.s3PutPerThousand : 0,
    s3Gets: 0,
    dynamodbWrites: profile.usesStorage ? (requests / million) * pricing.dynamodbPerMillionWriteUnits : 0,
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
