import { describe, expect, it } from 'vitest';
import { costPerMillionRequests, formatDollars, requestsCost, runCost, type CostProfile } from './cost.ts';
import { defaultPricing, mergePricing } from './pricing.ts';

// Every expected figure below is worked out by hand from the price table, step by step in the comment.

const nodeOnArm: CostProfile = {
  architecture: 'arm64',
  memoryMb: 256,
  meanBilledDurationMs: 20,
  coldStartShare: 0,
  meanInitDurationMs: 0,
  usesStorage: true,
  throughApi: true,
};

describe('cost per million requests', () => {
  it('adds up every billed item for a warm UUID writer on arm64', () => {
    // Given 1 M warm requests through the API, 256 MB arm64, 20 ms billed each
    // When they are priced
    const cost = costPerMillionRequests(nodeOnArm, defaultPricing);
    // Then API 1.00 + Lambda requests 0.20
    expect(cost.apiGateway).toBeCloseTo(1.0, 10);
    expect(cost.lambdaRequests).toBeCloseTo(0.2, 10);
    // compute: 1e6 × 0.25 GB × 0.020 s = 5,000 GB-s × $0.0000133334 = $0.066667
    expect(cost.lambdaCompute).toBeCloseTo(0.066667, 6);
    expect(cost.lambdaInit).toBe(0);
    // S3: 1,000 × $0.005 per 1,000 PUTs = $5; DynamoDB: 1 WRU each = $0.625
    expect(cost.s3Puts).toBeCloseTo(5.0, 10);
    expect(cost.dynamodbWrites).toBeCloseTo(0.625, 10);
    // logs: 360 B × 1e6 = 360,000,000 B = 0.335276 GB × $0.50 = $0.167638
    expect(cost.logs).toBeCloseTo(0.167638, 6);
    // total: 1 + 0.2 + 0.066667 + 5 + 0.625 + 0.167638 = 7.059305
    expect(cost.total).toBeCloseTo(7.059305, 5);
  });

  it('bills the INIT phase of cold starts at the x86_64 rate', () => {
    // Given 1 GB on x86_64, 100 ms billed, and 1 % cold starts of 500 ms INIT each
    const profile: CostProfile = { ...nodeOnArm, architecture: 'x86_64', memoryMb: 1024, meanBilledDurationMs: 100, coldStartShare: 0.01, meanInitDurationMs: 500 };
    // When priced
    const cost = costPerMillionRequests(profile, defaultPricing);
    // Then compute: 1e6 × 1 GB × 0.1 s = 100,000 GB-s × $0.0000166667 = $1.66667
    expect(cost.lambdaCompute).toBeCloseTo(1.66667, 5);
    // and INIT: 10,000 cold starts × 1 GB × 0.5 s = 5,000 GB-s × $0.0000166667 = $0.0833335
    expect(cost.lambdaInit).toBeCloseTo(0.0833335, 7);
  });

  it('leaves out the API and storage for direct invocations of the baseline', () => {
    // Given 10 cold invocations of a no-op straight through Lambda's Invoke: 256 MB arm64, 2 ms, 200 ms INIT
    const profile: CostProfile = { ...nodeOnArm, meanBilledDurationMs: 2, coldStartShare: 1, meanInitDurationMs: 200, usesStorage: false, throughApi: false };
    // When priced
    const cost = requestsCost(profile, 10, defaultPricing);
    // Then no API, S3 or DynamoDB line
    expect([cost.apiGateway, cost.s3Puts, cost.dynamodbWrites]).toEqual([0, 0, 0]);
    // requests: 10 / 1e6 × $0.20 = $0.000002
    expect(cost.lambdaRequests).toBeCloseTo(0.000002, 12);
    // compute: 10 × 0.25 × 0.002 = 0.005 GB-s × $0.0000133334 = $6.6667e-8
    expect(cost.lambdaCompute).toBeCloseTo(6.6667e-8, 12);
    // INIT: 10 × 0.25 × 0.2 = 0.5 GB-s × $0.0000133334 = $6.6667e-6
    expect(cost.lambdaInit).toBeCloseTo(6.6667e-6, 10);
    // logs: 3,600 B / 2^30 × $0.50 = $1.6764e-6
    expect(cost.logs).toBeCloseTo(1.6764e-6, 10);
  });
});

describe('cost of a run', () => {
  it('adds the parts sent to each function', () => {
    // Given 100,000 requests to the warm arm64 writer and as many to a twin that bills 10 ms
    const parts = [
      { profile: nodeOnArm, requests: 100_000 },
      { profile: { ...nodeOnArm, meanBilledDurationMs: 10 }, requests: 100_000 },
    ];
    // When the run is priced
    const cost = runCost(parts, defaultPricing);
    // Then each item is the sum: API 0.1 + 0.1; compute 0.0066667 + 0.0033333 = 0.01
    expect(cost.apiGateway).toBeCloseTo(0.2, 10);
    expect(cost.lambdaCompute).toBeCloseTo(0.01, 6);
    // total: 2 × (0.1 + 0.02 + 0.5 + 0.0625 + 0.0167638) + 0.01 = 1.408528
    expect(cost.total).toBeCloseTo(1.408528, 5);
  });
});

describe('prices', () => {
  it('takes the keys a pricing file sets and keeps the rest', () => {
    const pricing = mergePricing(defaultPricing, { region: 'eu-west-1', lambdaPerGbSecond: { arm64: 0.00001 } }, 'prices.json');
    expect(pricing.region).toBe('eu-west-1');
    expect(pricing.lambdaPerGbSecond).toEqual({ arm64: 0.00001, x86_64: 0.0000166667 });
    expect(pricing.httpApiPerMillionRequests).toBe(1);
  });

  it('refuses an unknown key or a price that is not a number, in one line', () => {
    expect(() => mergePricing(defaultPricing, { httpApiPerMilion: 1 }, 'prices.json')).toThrow(/^invalid pricing file prices\.json: unknown key 'httpApiPerMilion'/);
    expect(() => mergePricing(defaultPricing, { s3PutPerThousand: '0.005' }, 'prices.json')).toThrow(
      'invalid pricing file prices.json: s3PutPerThousand must be a number ≥ 0, got "0.005"',
    );
  });

  it('prints dollars to the cent, and small sums to two significant digits', () => {
    expect(formatDollars(7.059305)).toBe('$7.06');
    expect(formatDollars(0.0000067)).toBe('$0.0000067');
    expect(formatDollars(0)).toBe('$0');
  });
});
