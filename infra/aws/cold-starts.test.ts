import {
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  LambdaClient,
  ResourceConflictException,
  ResourceNotFoundException,
  TooManyRequestsException,
  UpdateFunctionConfigurationCommand,
  type InvokeCommandOutput,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { storageVariables } from '../../functions.config.ts';
import { CommandError } from '../../toolchain/command.ts';
import { coldStartVariable, measureColdStarts, type ColdStartOptions } from './cold-starts.ts';

const lambdaMock = mockClient(LambdaClient);
const lambda = new LambdaClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });

// The tail Lambda returns for `LogType: Tail`: the last 4 KB of the invocation's log, base64.
// Text log format, as real Lambda writes it: tab-separated REPORT fields with a trailing tab, and
// since August 2025 a Billed Duration that includes the INIT phase.
const tail = (text: string) => Buffer.from(text).toString('base64');
const rustColdTail = tail(
  'START RequestId: 5e1f6f0a-3d0c-4f7e-9a3b-0b8e2c6d4a11 Version: $LATEST\n' +
    'END RequestId: 5e1f6f0a-3d0c-4f7e-9a3b-0b8e2c6d4a11\n' +
    'REPORT RequestId: 5e1f6f0a-3d0c-4f7e-9a3b-0b8e2c6d4a11\tDuration: 71.52 ms\tBilled Duration: 103 ms\tMemory Size: 256 MB\tMax Memory Used: 24 MB\tInit Duration: 30.97 ms\t\n',
);
// A Node cold start whose own log line came first, cut at 4 KB in the middle of an earlier line.
const nodeColdTail = tail(
  'ssing","level":"info"}\n' +
    'START RequestId: 9c0e1d6e-4f5e-4c1b-9a53-2f0c8b5e8f21 Version: $LATEST\n' +
    '2026-11-23T10:00:00.412Z\t9c0e1d6e-4f5e-4c1b-9a53-2f0c8b5e8f21\tINFO\t{"event":"written"}\n' +
    'END RequestId: 9c0e1d6e-4f5e-4c1b-9a53-2f0c8b5e8f21\n' +
    'REPORT RequestId: 9c0e1d6e-4f5e-4c1b-9a53-2f0c8b5e8f21\tDuration: 182.39 ms\tBilled Duration: 482 ms\tMemory Size: 256 MB\tMax Memory Used: 93 MB\tInit Duration: 298.77 ms\t\n',
);
const warmTail = tail(
  'START RequestId: 0b7c2f1e-8d9a-4e6b-b5c4-3a2f1e0d9c8b Version: $LATEST\n' +
    'END RequestId: 0b7c2f1e-8d9a-4e6b-b5c4-3a2f1e0d9c8b\n' +
    'REPORT RequestId: 0b7c2f1e-8d9a-4e6b-b5c4-3a2f1e0d9c8b\tDuration: 9.87 ms\tBilled Duration: 10 ms\tMemory Size: 256 MB\tMax Memory Used: 94 MB\t\n',
);
/** An Invoke response's payload as the SDK hands it over: the bytes, readable as a string too. */
const payload = (text: string): InvokeCommandOutput['Payload'] =>
  Object.assign(new TextEncoder().encode(text), { transformToString: () => text });
const created = (statusCode: number) => payload(JSON.stringify({ statusCode, headers: {}, body: '{}' }));

const storageConfiguration = { [storageVariables.bucket]: 'lambdaduel-bucket-1', [storageVariables.table]: 'LambdaDuel-Table-1' };
const fastWaiter = { minDelay: 0.01, maxDelay: 0.02, maxWaitTime: 2 };

function options(overrides: Partial<ColdStartOptions> = {}): ColdStartOptions {
  return {
    lambda,
    targets: [{ name: 'rust', functionName: 'LambdaDuel-rust' }],
    rounds: 1,
    runId: 'run1',
    waiter: fastWaiter,
    report: () => {},
    ...overrides,
  };
}

function commandNames(): string[] {
  return lambdaMock.calls().map((call) => (call.args[0] as { constructor: { name: string } }).constructor.name);
}

beforeEach(() => {
  lambdaMock.reset();
  lambdaMock.on(GetFunctionConfigurationCommand).resolves({ Environment: { Variables: storageConfiguration } });
  lambdaMock.on(UpdateFunctionConfigurationCommand).resolves({ LastUpdateStatus: 'InProgress' });
  lambdaMock.on(GetFunctionCommand).resolves({ Configuration: { LastUpdateStatus: 'Successful' } });
  lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, LogResult: rustColdTail, Payload: created(201) });
});

describe('forcing cold starts on AWS', () => {
  it('changes a variable, waits for the update to finish, then invokes, round after round', async () => {
    // Given an update that is still in progress at the first look
    lambdaMock
      .on(GetFunctionCommand)
      .resolvesOnce({ Configuration: { LastUpdateStatus: 'InProgress' } })
      .resolves({ Configuration: { LastUpdateStatus: 'Successful' } });
    // When two rounds are measured
    await measureColdStarts(options({ rounds: 2 }));
    // Then each invocation comes only after its update was seen done
    expect(commandNames()).toEqual([
      'GetFunctionConfigurationCommand',
      'UpdateFunctionConfigurationCommand',
      'GetFunctionCommand',
      'GetFunctionCommand',
      'InvokeCommand',
      'UpdateFunctionConfigurationCommand',
      'GetFunctionCommand',
      'InvokeCommand',
    ]);
    // and each update keeps the storage variables and sets a value no earlier round used
    const updates = lambdaMock.commandCalls(UpdateFunctionConfigurationCommand).map((call) => call.args[0].input);
    expect(updates).toEqual([
      { FunctionName: 'LambdaDuel-rust', Environment: { Variables: { ...storageConfiguration, [coldStartVariable]: 'run1-1' } } },
      { FunctionName: 'LambdaDuel-rust', Environment: { Variables: { ...storageConfiguration, [coldStartVariable]: 'run1-2' } } },
    ]);
  });

  it("invokes with the route's payload-2.0 event and asks for the log tail", async () => {
    await measureColdStarts(options());
    const [invoke] = lambdaMock.commandCalls(InvokeCommand).map((call) => call.args[0].input);
    expect(invoke).toMatchObject({ FunctionName: 'LambdaDuel-rust', LogType: 'Tail' });
    const event = JSON.parse(new TextDecoder().decode(invoke!.Payload as Uint8Array));
    expect(event).toMatchObject({ version: '2.0', routeKey: 'POST /rust', rawPath: '/rust', requestContext: { http: { method: 'POST', path: '/rust' }, stage: '$default' } });
  });

  it("records Lambda's own figures from the REPORT line of a real log tail", async () => {
    // Given a Rust and a Node function whose tails hold real cold-start REPORT lines
    lambdaMock
      .on(InvokeCommand, { FunctionName: 'LambdaDuel-node' })
      .resolves({ StatusCode: 200, LogResult: nodeColdTail, Payload: created(201) });
    // When one round each is measured
    const records = await measureColdStarts(
      options({
        targets: [
          { name: 'rust', functionName: 'LambdaDuel-rust' },
          { name: 'node', functionName: 'LambdaDuel-node' },
        ],
      }),
    );
    // Then each record holds the REPORT figures, the status and a measured round trip
    expect(records).toEqual([
      {
        function: 'rust',
        round: 1,
        requestId: '5e1f6f0a-3d0c-4f7e-9a3b-0b8e2c6d4a11',
        initDurationMs: 30.97,
        durationMs: 71.52,
        billedDurationMs: 103,
        maxMemoryUsedMb: 24,
        clientLatencyMs: expect.any(Number),
        statusCode: 201,
      },
      {
        function: 'node',
        round: 1,
        requestId: '9c0e1d6e-4f5e-4c1b-9a53-2f0c8b5e8f21',
        initDurationMs: 298.77,
        durationMs: 182.39,
        billedDurationMs: 482,
        maxMemoryUsedMb: 93,
        clientLatencyMs: expect.any(Number),
        statusCode: 201,
      },
    ]);
    expect(records[0]!.clientLatencyMs).toBeGreaterThanOrEqual(0);
  });

  it('marks an invocation that was not cold after all, and an unhandled error as a 500', async () => {
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, FunctionError: 'Unhandled', LogResult: warmTail, Payload: payload('{"errorType":"Error"}') });
    const [record] = await measureColdStarts(options());
    expect(record).toMatchObject({ initDurationMs: null, durationMs: 9.87, statusCode: 500 });
  });

  it('lets an update already in progress finish, then applies its own', async () => {
    // Given a deploy that is still updating the function
    lambdaMock
      .on(UpdateFunctionConfigurationCommand)
      .rejectsOnce(new ResourceConflictException({ message: 'The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:LambdaDuel-rust', $metadata: {} }))
      .resolves({});
    // When a round is measured, then it waits and tries once more
    const records = await measureColdStarts(options());
    expect(records).toHaveLength(1);
    expect(commandNames()).toEqual([
      'GetFunctionConfigurationCommand',
      'UpdateFunctionConfigurationCommand',
      'GetFunctionCommand',
      'UpdateFunctionConfigurationCommand',
      'GetFunctionCommand',
      'InvokeCommand',
    ]);
  });
});

describe('errors, each one line', () => {
  it('says when the stack is not deployed', async () => {
    lambdaMock
      .on(GetFunctionConfigurationCommand)
      .rejects(new ResourceNotFoundException({ message: 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:LambdaDuel-rust', $metadata: {} }));
    const failure = measureColdStarts(options());
    await expect(failure).rejects.toBeInstanceOf(CommandError);
    await expect(failure).rejects.toThrow(
      'reading the configuration of LambdaDuel-rust: not found (Function not found: arn:aws:lambda:us-east-1:123456789012:function:LambdaDuel-rust): deploy the stack first with npm run deploy',
    );
    expect(lambdaMock.commandCalls(UpdateFunctionConfigurationCommand)).toHaveLength(0);
  });

  it('says when there are no credentials', async () => {
    // What the SDK's default chain throws when every provider came up empty
    const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    lambdaMock.on(GetFunctionConfigurationCommand).rejects(noCredentials);
    await expect(measureColdStarts(options())).rejects.toThrow(
      'reading the configuration of LambdaDuel-rust: no AWS credentials found: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (README, "Run it on AWS")',
    );
  });

  it('says when Lambda throttles the configuration update', async () => {
    lambdaMock.on(UpdateFunctionConfigurationCommand).rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {}, Reason: 'CallerRateLimitExceeded' }));
    await expect(measureColdStarts(options())).rejects.toThrow(
      "updating LambdaDuel-rust: AWS throttled the request even after the SDK's retries (TooManyRequestsException): wait a minute, then run again",
    );
    expect(lambdaMock.commandCalls(InvokeCommand)).toHaveLength(0);
  });

  it('says why an update failed', async () => {
    lambdaMock.on(GetFunctionCommand).resolves({ Configuration: { LastUpdateStatus: 'Failed', LastUpdateStatusReason: 'Lambda was unable to configure your environment variables' } });
    await expect(measureColdStarts(options())).rejects.toThrow(
      'the configuration update of LambdaDuel-rust failed: Lambda was unable to configure your environment variables',
    );
  });

  it('gives up on an update that never finishes', async () => {
    lambdaMock.on(GetFunctionCommand).resolves({ Configuration: { LastUpdateStatus: 'InProgress' } });
    await expect(measureColdStarts(options({ waiter: { minDelay: 0.01, maxDelay: 0.02, maxWaitTime: 0.1 } }))).rejects.toThrow(
      'LambdaDuel-rust was still updating after 0.1 s: try again later',
    );
  });

  it('says when the log tail holds no REPORT line', async () => {
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, LogResult: tail('{"time":"2026-11-23T10:00:00Z","type":"platform.report"}\n'), Payload: created(201) });
    await expect(measureColdStarts(options())).rejects.toThrow('no REPORT line in the log tail of LambdaDuel-rust (round 1): is its log format Text?');
  });
});
