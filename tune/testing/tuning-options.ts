/**
 * Test-only: a TARGET=aws tuning's options against mocked Lambda and CloudWatch Logs clients (the
 * caller mocks them): two contenders at two sizes, no deployed outputs file, the cost accepted,
 * and waits a test can afford.
 */
import os from 'node:os';
import path from 'node:path';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { defaultPricing } from '../../compare/pricing.ts';
import type { AwsTuningOptions } from '../on-aws.ts';

const client = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };

export function mockedTuningOptions(overrides: Partial<AwsTuningOptions> = {}): AwsTuningOptions {
  return {
    lambda: new LambdaClient(client),
    logs: new CloudWatchLogsClient(client),
    sizes: [128, 512],
    contenders: ['node', 'rust'],
    requestsPerSize: { node: 915, rust: 915 },
    pricing: defaultPricing,
    yes: true,
    env: {},
    outputsFile: path.join(os.tmpdir(), 'no-such-outputs.json'),
    print: () => {},
    waiter: { minDelay: 0.01, maxDelay: 0.02, maxWaitTime: 2 },
    polling: { intervalMs: 5, settleMs: 20, maxWaitMs: 500 },
    ...overrides,
  };
}
