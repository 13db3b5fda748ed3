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
import { tuneOnAws } from '../on-aws.ts';
import { mockedTuningOptions } from './tuning-options.ts';

const lambdaMock = mockClient(LambdaClient);
lambdaMock.on(GetFunctionConfigurationCommand).resolves({ MemorySize: 256, LoggingConfig: { LogFormat: 'Text', LogGroup: 'LambdaDuel-Logs' } });
lambdaMock.on(UpdateFunctionConfigurationCommand).resolves({});
lambdaMock.on(GetFunctionCommand).resolves({ Configuration: { LastUpdateStatus: 'Successful' } });
mockClient(CloudWatchLogsClient);

process.on('exit', () => {
  const sizes = lambdaMock.commandCalls(UpdateFunctionConfigurationCommand).map((call) => [call.args[0].input.FunctionName, call.args[0].input.MemorySize]);
  writeSync(1, `${JSON.stringify(sizes)}\n`);
});

await tuneOnAws(
  mockedTuningOptions({ requestsPerSize: { node: 10, rust: 10 } }),
  async (memoryMb) => {
    writeSync(1, `loading ${memoryMb}\n`);
    await new Promise((resolve) => setTimeout(resolve, 60_000));
  },
);
