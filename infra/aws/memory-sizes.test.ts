import {
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ResourceNotFoundException,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { memorySizer, readTunedFunctions, type TunedFunction } from './memory-sizes.ts';
import { lambdaTimeline } from './testing/lambda-timeline.ts';

const lambdaMock = mockClient(LambdaClient);
const lambda = new LambdaClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const fastWaiter = { minDelay: 0.01, maxDelay: 0.02, maxWaitTime: 2 };
const tuned: TunedFunction[] = [
  { name: 'node', functionName: 'LambdaDuel-node', originalMb: 256, logGroup: 'LambdaDuel-NodeLogs' },
  { name: 'rust', functionName: 'LambdaDuel-rust', originalMb: 1024, logGroup: 'LambdaDuel-RustLogs' },
];

/** Every update and every look at whether it is applied, in the order Lambda was asked. */
let timeline: string[];

beforeEach(() => {
  lambdaMock.reset();
  timeline = lambdaTimeline(lambdaMock);
});

describe('finding the functions to tune', () => {
  it('records each one’s size and log group, as its configuration says', async () => {
    lambdaMock.on(GetFunctionConfigurationCommand, { FunctionName: 'LambdaDuel-node' }).resolves({ MemorySize: 256, LoggingConfig: { LogFormat: 'Text', LogGroup: 'LambdaDuel-NodeLogs' } });
    lambdaMock.on(GetFunctionConfigurationCommand, { FunctionName: 'LambdaDuel-rust' }).resolves({ MemorySize: 1024 });
    const found = await readTunedFunctions(lambda, [
      { name: 'node', functionName: 'LambdaDuel-node' },
      { name: 'rust', functionName: 'LambdaDuel-rust' },
    ]);
    // A function without a logging configuration logs to Lambda's default group
    expect(found).toEqual([tuned[0], { ...tuned[1], logGroup: '/aws/lambda/LambdaDuel-rust' }]);
  });

  it('refuses, in one line, a function that logs JSON, or one that is not deployed', async () => {
    lambdaMock.on(GetFunctionConfigurationCommand).resolves({ MemorySize: 256, LoggingConfig: { LogFormat: 'JSON' } });
    await expect(readTunedFunctions(lambda, [{ name: 'node', functionName: 'LambdaDuel-node' }])).rejects.toThrow(
      'LambdaDuel-node logs JSON: tune reads Text REPORT lines (deploy the stack again with npm run deploy)',
    );
    lambdaMock.on(GetFunctionConfigurationCommand).rejects(new ResourceNotFoundException({ message: 'Function not found: LambdaDuel-node', $metadata: {} }));
    await expect(readTunedFunctions(lambda, [{ name: 'node', functionName: 'LambdaDuel-node' }])).rejects.toThrow(
      'reading the configuration of LambdaDuel-node: not found (Function not found: LambdaDuel-node): deploy the stack first with npm run deploy',
    );
    expect(timeline).toEqual([]);
  });
});

describe('changing the memory sizes', () => {
  it('sends every function’s update, then waits until each is applied', async () => {
    // Given node's update still in progress at the first look
    const look = (status: string) => () => (timeline.push('applied? LambdaDuel-node'), { Configuration: { LastUpdateStatus: status } });
    lambdaMock.on(GetFunctionCommand, { FunctionName: 'LambdaDuel-node' }).callsFakeOnce(look('InProgress')).callsFake(look('Successful'));
    // When both are resized
    await memorySizer(lambda, tuned, { waiter: fastWaiter, print: () => {} }).resize(512);
    // Then the resize ends only once both were seen applied
    expect(timeline).toEqual([
      'update LambdaDuel-node 512',
      'update LambdaDuel-rust 512',
      'applied? LambdaDuel-node',
      'applied? LambdaDuel-node',
      'applied? LambdaDuel-rust',
    ]);
  });

  it('sets each function back to its own size, once, however often restore is called', async () => {
    const lines: string[] = [];
    const sizer = memorySizer(lambda, tuned, { waiter: fastWaiter, print: (line) => lines.push(line) });
    await sizer.resize(512);
    timeline.length = 0;
    expect(await Promise.all([sizer.restore(), sizer.restore()])).toEqual([true, true]);
    expect(timeline).toEqual(['update LambdaDuel-node 256', 'update LambdaDuel-rust 1024', 'applied? LambdaDuel-node', 'applied? LambdaDuel-rust']);
    expect(lines).toEqual(['tune: set back to 256 MB (LambdaDuel-node), 1024 MB (LambdaDuel-rust)']);
  });

  it('restores after a resize still being applied, and makes no resize after it (Ctrl-C during an update)', async () => {
    // Given a resize under way: node's update not yet seen applied
    let apply!: () => void;
    const applied = new Promise<void>((resolve) => (apply = resolve));
    lambdaMock
      .on(GetFunctionCommand, { FunctionName: 'LambdaDuel-node' })
      .callsFakeOnce(async () => (await applied, timeline.push('applied? LambdaDuel-node'), { Configuration: { LastUpdateStatus: 'Successful' } }))
      .callsFake(() => (timeline.push('applied? LambdaDuel-node'), { Configuration: { LastUpdateStatus: 'Successful' } }));
    const sizer = memorySizer(lambda, tuned, { waiter: fastWaiter, print: () => {} });
    const resizing = sizer.resize(512);
    await vi.waitFor(() => expect(timeline).toContain('update LambdaDuel-rust 512'));
    // When the restore starts before it is done, and the tune then asks for the next size
    const restoring = sizer.restore();
    const next = sizer.resize(1024);
    apply();
    // Then the resize under way is applied but ends refused (no load is to start at it), the
    // restore comes last, and the next size is refused too
    await expect(resizing).rejects.toThrow('tune stopped: the functions are being set back to their sizes');
    await expect(restoring).resolves.toBe(true);
    await expect(next).rejects.toThrow('tune stopped: the functions are being set back to their sizes');
    expect(timeline.filter((step) => step.startsWith('update'))).toEqual([
      'update LambdaDuel-node 512',
      'update LambdaDuel-rust 512',
      'update LambdaDuel-node 256',
      'update LambdaDuel-rust 1024',
    ]);
  });

  it('says, one line a function, what it could not set back and the size to set by hand, and still sets back the others', async () => {
    // Given credentials that may no longer update rust
    const denied = Object.assign(new Error('User is not authorized to perform: lambda:UpdateFunctionConfiguration'), { name: 'AccessDeniedException', $metadata: {} });
    lambdaMock.on(UpdateFunctionConfigurationCommand, { FunctionName: 'LambdaDuel-rust' }).rejects(denied);
    const lines: string[] = [];
    // When every function is set back
    const restored = await memorySizer(lambda, tuned, { waiter: fastWaiter, print: (line) => lines.push(line) }).restore();
    // Then the failure is not swallowed: false, and a line that says what to do
    expect(restored).toBe(false);
    expect(lines).toEqual([
      'tune: could not set LambdaDuel-rust back to 1024 MB (updating LambdaDuel-rust: access denied for these credentials (User is not authorized to perform: lambda:UpdateFunctionConfiguration)): ' +
        'set it by hand: aws lambda update-function-configuration --function-name LambdaDuel-rust --memory-size 1024',
      'tune: set back to 256 MB (LambdaDuel-node)',
    ]);
    expect(timeline).toEqual(['update LambdaDuel-node 256', 'applied? LambdaDuel-node']);
  });

  it('says so when an update is never applied', async () => {
    lambdaMock.on(GetFunctionCommand).resolves({ Configuration: { LastUpdateStatus: 'InProgress' } });
    const sizer = memorySizer(lambda, tuned.slice(0, 1), { waiter: { minDelay: 0.01, maxDelay: 0.02, maxWaitTime: 0.1 }, print: () => {} });
    await expect(sizer.resize(512)).rejects.toThrow('LambdaDuel-node was still updating after 0.1 s: try again later');
  });
});
