/**
 * Test-only: `npm run k8s` against a fake deployed stack (an outputs file in a temp folder) with
 * fake credentials, signing locally as the SDK always does: nothing reaches AWS.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { K8sContext } from '../../cli/k8s.ts';
import { deployedOutputs } from '../../infra/testing/deployed-outputs.ts';
import { buildPaths } from '../../toolchain/paths.ts';

export const fakeApiUrl = 'https://abc123def4.execute-api.eu-west-1.amazonaws.com/';
export const fakeBucket = deployedOutputs(fakeApiUrl, 'arm64').BucketName!;
export const fakeNow = new Date('2026-12-02T14:00:00Z');

export interface FakeK8s {
  context: K8sContext;
  /** The temp folder: the outputs file, and the run folders under results/. */
  dir: string;
  printed: string[];
}

export async function fakeK8s(options: { env?: Record<string, string>; outputs?: boolean; credentials?: S3ClientConfig['credentials'] } = {}): Promise<FakeK8s> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lambda-duel-k8s-'));
  const outputsFile = path.join(dir, 'outputs.json');
  if (options.outputs ?? true) await writeFile(outputsFile, JSON.stringify({ LambdaDuel: deployedOutputs(fakeApiUrl, 'arm64') }));
  const printed: string[] = [];
  const credentials = options.credentials ?? { accessKeyId: 'AKIAFAKEFAKEFAKEFAKE', secretAccessKey: 'fake-secret' };
  return {
    dir,
    printed,
    context: {
      env: options.env ?? {},
      outputsFile,
      resultsRoot: path.join(dir, 'results'),
      // The vitest global setup has bundled the tests into dist/.
      bundle: async () => buildPaths.dist,
      // The tests' storage servers export AWS_ENDPOINT_URL_S3: these URLs are for AWS's S3.
      presigner: (region) => new S3Client({ region, credentials, requestChecksumCalculation: 'WHEN_REQUIRED', ignoreConfiguredEndpointUrls: true }),
      now: () => fakeNow,
      print: (line) => printed.push(line),
    },
  };
}
