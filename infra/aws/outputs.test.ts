import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { deployedFailureQueueUrls, deployedFunctionNames, deployedOutputs } from '../testing/deployed-outputs.ts';
import { readOutputsFile } from './outputs.ts';

const folder = await mkdtemp(path.join(os.tmpdir(), 'lambda-duel-outputs-'));

afterAll(() => rm(folder, { recursive: true, force: true }));

async function outputsFile(content: string): Promise<string> {
  const file = path.join(folder, `${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, content);
  return file;
}

const deployed = deployedOutputs('https://abc123.execute-api.us-east-1.amazonaws.com/', 'x86_64');

describe('the outputs file cdk deploy writes', () => {
  it('gives the tools and scenarios everything they need, the URL without a trailing slash', async () => {
    const file = await outputsFile(JSON.stringify({ LambdaDuel: deployed }));
    await expect(readOutputsFile('LambdaDuel', file)).resolves.toEqual({
      stackName: 'LambdaDuel',
      apiUrl: 'https://abc123.execute-api.us-east-1.amazonaws.com',
      functionNames: deployedFunctionNames(),
      bucketName: deployed.BucketName,
      tableName: deployed.TableName,
      metadataTableName: deployed.MetadataTableName,
      failureQueueUrls: deployedFailureQueueUrls(),
      architecture: 'x86_64',
    });
  });

  it('is simply absent before the first deploy', async () => {
    await expect(readOutputsFile('LambdaDuel', path.join(folder, 'none.json'))).resolves.toBeUndefined();
  });

  it('names what is wrong with a file it cannot use', async () => {
    const broken = await outputsFile('{"LambdaDuel": ');
    await expect(readOutputsFile('LambdaDuel', broken)).rejects.toThrow(`invalid outputs file ${broken}: not JSON (delete it and run npm run deploy again)`);
    const otherStack = await outputsFile(JSON.stringify({ Other: deployed }));
    await expect(readOutputsFile('LambdaDuel', otherStack)).rejects.toThrow(`outputs file ${otherStack} has no stack 'LambdaDuel': run npm run deploy`);
    const { RustFunctionName: _, ...withoutRust } = deployed;
    const older = await outputsFile(JSON.stringify({ LambdaDuel: withoutRust }));
    await expect(readOutputsFile('LambdaDuel', older)).rejects.toThrow(`outputs file ${older} lacks RustFunctionName for LambdaDuel: run npm run deploy`);
    // a stack deployed before the thumbnailers: its outputs name none of them
    const { NodeThumbnailerFunctionName: _n, MetadataTableName: _m, ...beforeThumbnailers } = deployed;
    const earlier = await outputsFile(JSON.stringify({ LambdaDuel: beforeThumbnailers }));
    await expect(readOutputsFile('LambdaDuel', earlier)).rejects.toThrow(`outputs file ${earlier} lacks NodeThumbnailerFunctionName for LambdaDuel: run npm run deploy`);
  });
});
