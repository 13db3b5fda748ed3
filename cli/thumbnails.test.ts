import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { BatchGetItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseStackOutputs } from '../infra/aws/outputs.ts';
import { deployedOutputs } from '../infra/testing/deployed-outputs.ts';
import { encodeEventKey } from '../formats/s3-event.ts';
import type { PlannedPhoto } from '../formats/upload-plan.ts';
import { CommandError } from '../toolchain/command.ts';
import { planUploads } from '../thumbnails/upload-plan.ts';
import { awsPresigner, awsTarget, deployedStack, type AwsClients } from './thumbnails.ts';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'test' };
const region = 'us-east-1';
const deployed = parseStackOutputs('LambdaDuel', deployedOutputs('https://abc.execute-api.us-east-1.amazonaws.com', 'arm64'), 'outputs.json');
const runId = '2026-12-02T06-00-00Z-thumbnails';
const upload = (name: string) => `uploads/node/${runId}/${name}`;
const thumbnail = (name: string) => `thumbnails/node/${runId}/${name}`;
const photos: PlannedPhoto[] = [{ name: '12mp', file: 'dist/photos/12mp.jpg', contentType: 'image/jpeg' }];

const mocks = {
  s3: mockClient(S3Client),
  dynamodb: mockClient(DynamoDBClient),
  sqs: mockClient(SQSClient),
  lambda: mockClient(LambdaClient),
  logs: mockClient(CloudWatchLogsClient),
};

function clients(): AwsClients {
  const config = { region, credentials };
  return {
    presigner: awsPresigner(config),
    s3: new S3Client(config),
    dynamodb: new DynamoDBClient(config),
    sqs: new SQSClient(config),
    lambda: new LambdaClient(config),
    logs: new CloudWatchLogsClient(config),
  };
}

beforeEach(() => {
  for (const mock of Object.values(mocks)) mock.reset();
  // The progress lines the command prints on stderr
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('the upload URLs for the deployed bucket', () => {
  it('sign no checksum, which S3 would hold the photo to and refuse', async () => {
    // Given the stack's bucket and the AWS presigner (presigning is local: no network), with no
    // endpoint in the environment (the tests' global setup points the SDK at the local servers)
    for (const name of ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3']) vi.stubEnv(name, undefined);
    const plan = (s3: S3Client) => planUploads({ s3, bucket: deployed.bucketName, runId, contenders: ['node', 'rust'], photos, count: 4, expiresInSeconds: 3_660 });
    // When the uploads are planned
    const { uploads } = await plan(awsPresigner({ region, credentials }));
    // Then every URL is the bucket's own virtual host, signed for a PUT, with no checksum parameter
    const checksumParameters = (url: string) => [...new URL(url).searchParams.keys()].filter((name) => /^x-amz-(checksum|sdk-checksum-algorithm)/i.test(name));
    expect(uploads).toHaveLength(4);
    for (const { url } of uploads) {
      expect(new URL(url).host).toBe(`${deployed.bucketName}.s3.${region}.amazonaws.com`);
      expect(new URL(url).searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
      expect(checksumParameters(url)).toEqual([]);
    }
    // whereas the SDK's default client signs one in (what this presigner is for)
    const { uploads: defaults } = await plan(new S3Client({ region, credentials }));
    expect(checksumParameters(defaults[0]!.url)).not.toEqual([]);
  });
});

describe('the deployed stack a TARGET=aws run reads', () => {
  it('is bad input in one line naming npm run deploy when nothing was deployed from here', async () => {
    const missing = path.join(await mkdtemp(path.join(os.tmpdir(), 'thumbnails-outputs-')), 'outputs.json');
    const refusal = await deployedStack(missing).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(CommandError);
    expect((refusal as CommandError).exitCode).toBe(2);
    expect((refusal as CommandError).message).toMatch(/^TARGET=aws npm run thumbnails reads the stack from .*outputs\.json, which npm run deploy writes: deploy the stack first$/);
  });

  it('is bad input too when the outputs lack what the run reads (a stack deployed before the thumbnailers)', async () => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'thumbnails-outputs-')), 'outputs.json');
    const { [Object.keys(deployedOutputs('u', 'arm64')).find((key) => key.includes('FailureQueue'))!]: _queue, ...older } = deployedOutputs('https://abc.example', 'arm64');
    await writeFile(file, JSON.stringify({ LambdaDuel: older }));
    await expect(deployedStack(file)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/lacks .*FailureQueue.* run npm run deploy$/) });
    await writeFile(file, JSON.stringify({ LambdaDuel: deployedOutputs('https://abc.example', 'arm64') }));
    await expect(deployedStack(file)).resolves.toMatchObject({ bucketName: deployed.bucketName, metadataTableName: deployed.metadataTableName });
  });
});

describe('a thumbnails run on AWS, after the load', () => {
  const functionName = deployed.functionNames['node-thumbnailer'];
  const logGroup = `/aws/lambda/${functionName}`;

  beforeEach(() => {
    mocks.lambda.on(GetFunctionConfigurationCommand, { FunctionName: functionName }).resolves({ MemorySize: 1024, LoggingConfig: { LogFormat: 'Text', LogGroup: logGroup } });
  });

  it("collects what every upload became from the stack's stores and failure queue, and the thumbnailer's REPORT lines", async () => {
    // Given two uploads of the run: one done (its thumbnail and item), one Lambda gave up after its retries
    mocks.s3.on(ListObjectsV2Command, { Prefix: `uploads/node/${runId}/` }).resolves({ Contents: [{ Key: upload('00000-12mp.jpg') }, { Key: upload('00001-12mp.jpg') }] });
    mocks.s3.on(ListObjectsV2Command, { Prefix: `thumbnails/node/${runId}/` }).resolves({ Contents: [{ Key: thumbnail('00000-12mp.jpg') }] });
    const item = {
      sourceKey: { S: upload('00000-12mp.jpg') },
      status: { S: 'done' },
      thumbnailKey: { S: thumbnail('00000-12mp.jpg') },
      eventTime: { S: '2026-12-02T06:00:01.000Z' },
      processedAt: { S: '2026-12-02T06:00:01.420Z' },
      sourceBytes: { N: '1700000' },
      thumbnailBytes: { N: '310000' },
    };
    mocks.dynamodb.on(BatchGetItemCommand).resolves({ Responses: { [deployed.metadataTableName]: [item] } });
    const record = {
      version: '1.0',
      timestamp: '2026-12-02T06:04:10.000Z',
      requestContext: { requestId: 'req-1', functionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: { Records: [{ s3: { object: { key: encodeEventKey(upload('00001-12mp.jpg')) } } }] },
    };
    mocks.sqs.on(ReceiveMessageCommand).resolvesOnce({ Messages: [{ MessageId: 'm1', ReceiptHandle: 'h1', Body: JSON.stringify(record) }] }).resolves({});
    mocks.sqs.on(DeleteMessageBatchCommand).resolves({ Successful: [{ Id: '0' }] });
    const report = (requestId: string, extra = '') => ({
      logStreamName: '2026/12/02/[$LATEST]0123456789abcdef0123456789abcdef',
      timestamp: Date.now(),
      message: `REPORT RequestId: ${requestId}\tDuration: 412.00 ms\tBilled Duration: 413 ms\tMemory Size: 1024 MB\tMax Memory Used: 181 MB${extra}\t\n`,
    });
    mocks.logs.on(FilterLogEventsCommand).resolves({ events: [report('r0', '\tInit Duration: 455.10 ms'), report('r1'), report('r1-retry')] });
    const runDir = await mkdtemp(path.join(os.tmpdir(), 'thumbnails-aws-'));
    const startTime = Date.now();

    // When the deployed stack is the run's target and the pipeline has drained
    const target = await awsTarget(deployed, ['node'], runDir, clients(), { intervalMs: 5, settleMs: 20, maxWaitMs: 1_000 });
    const pipeline = await target.drain(runId, ['node']);
    await target.afterDrain(pipeline, startTime);
    await target.stop();

    // Then each upload is in its one outcome, read from the stack's bucket and table
    expect(pipeline).toMatchObject({ stores: 'aws', runId, drained: { settled: true } });
    expect(pipeline.contenders.node).toMatchObject({ uploads: 2, done: 1, gaveUp: { count: 1, keys: [upload('00001-12mp.jpg')] }, lost: { count: 0 }, unfinished: { count: 0 } });
    expect(mocks.s3.commandCalls(ListObjectsV2Command).every((call) => call.args[0].input.Bucket === deployed.bucketName)).toBe(true);
    // and the given-up record is kept in the run, its message deleted from the node thumbnailer's queue
    const failures = await readFile(path.join(runDir, 'lambda', 'async-failures.jsonl'), 'utf8');
    expect(failures.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([record]);
    expect(mocks.sqs.commandCalls(DeleteMessageBatchCommand)[0]!.args[0].input).toEqual({ QueueUrl: deployed.failureQueueUrls['node-thumbnailer'], Entries: [{ Id: '0', ReceiptHandle: 'h1' }] });
    // and the REPORT lines of the run's window, at the configured size, are where compare reads them, under the thumbnailer's name
    const [filter] = mocks.logs.commandCalls(FilterLogEventsCommand).map((call) => call.args[0].input);
    expect(filter).toMatchObject({ logGroupName: logGroup, filterPattern: '"REPORT RequestId" "Memory Size: 1024 MB"' });
    expect(filter!.startTime).toBeLessThan(startTime);
    const reports = (await readFile(path.join(runDir, 'lambda', 'reports.jsonl'), 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as { function: string; initDurationMs?: number });
    expect(reports.map((each) => each.function)).toEqual(['node-thumbnailer', 'node-thumbnailer', 'node-thumbnailer']);
    expect(reports[0]!.initDurationMs).toBe(455.1);
  });

  it('stops in one line before anything is uploaded when a thumbnailer cannot be read', async () => {
    // Given credentials that are missing
    mocks.lambda.on(GetFunctionConfigurationCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    const runDir = await mkdtemp(path.join(os.tmpdir(), 'thumbnails-aws-'));
    // When the target is made, then it is one line naming the function, and no store or queue was asked
    await expect(awsTarget(deployed, ['node'], runDir, clients())).rejects.toThrow(
      `reading the configuration of ${functionName}: no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (README, "Run it on AWS")`,
    );
    expect(mocks.s3.calls()).toHaveLength(0);
    expect(mocks.sqs.calls()).toHaveLength(0);
  });

  it("says in one line which store refused when the drain cannot read the stack's bucket", async () => {
    mocks.s3.on(ListObjectsV2Command).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }));
    const target = await awsTarget(deployed, ['node'], await mkdtemp(path.join(os.tmpdir(), 'thumbnails-aws-')), clients());
    await expect(target.drain(runId, ['node'])).rejects.toThrow(
      `reading what the uploads became from ${deployed.bucketName} and ${deployed.metadataTableName}: access denied for these credentials (Access Denied)`,
    );
  });
});
