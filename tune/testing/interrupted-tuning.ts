/**
 * Test-only, run as a process of its own by on-aws.test.ts: a TARGET=aws tuning against mocked
 * Lambda and CloudWatch Logs clients whose load never ends, so the test can press Ctrl-C during
 * it. Prints `loading <MB>` when the load starts, and as the process exits, every memory size it
 * set, as JSON.
 */
import { writeSync } from 'node:fs';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { GetFunctionCommand, GetFunctionConfigurationCommand, LambdaClient, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { defaultPricing } from '../../compare/pricing.ts';
import { tuneOnAws } from '../on-aws.ts';

const lambdaMock = mockClient(LambdaClient);
lambdaMock.on(GetFunctionConfigurationCommand).resolves({ MemorySize: 256, LoggingConfig: { LogFormat: 'Text', LogGroup: 'LambdaDuel-Logs' } });
lambdaMock.on(UpdateFunctionConfigurationCommand).resolves({});
lambdaMock.on(GetFunctionCommand).resolves({ Configuration: { LastUpdateStatus: 'Successful' } });
mockClient(CloudWatchLogsClient);

process.on('exit', () => {
  const sizes = lambdaMock.commandCalls(UpdateFunctionConfigurationCommand).map((call) => [call.args[0].input.FunctionName, call.args[0].input.MemorySize]);
  writeSync(1, `${JSON.stringify(sizes)}\n`);
});

const client = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
await tuneOnAws(
  {
    lambda: new LambdaClient(client),
    logs: new CloudWatchLogsClient(client),
    sizes: [128, 512],
    contenders: ['node', 'rust'],
    requestsPerSize: { node: 10, rust: 10 },
    pricing: defaultPricing,
    yes: true,
    outputsFile: '/nonexistent/outputs.json',
    print: () => {},
    waiter: { minDelay: 0.01, maxDelay: 0.02, maxWaitTime: 2 },
  },
  async (memoryMb) => {
    writeSync(1, `loading ${memoryMb}\n`);
    await new Promise((resolve) => setTimeout(resolve, 60_000));
  },
);
