/** Test-only: a mocked Lambda whose configuration changes are applied at once, each step written down in order. */
import { GetFunctionCommand, UpdateFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { AwsClientStub } from 'aws-sdk-client-mock';

/**
 * Answers every update, and every look at whether it is applied with "Successful"; returns the
 * list they are written to (`update <function> <MB>`, `applied? <function>`), which a test may
 * add its own steps to (`load 512`).
 */
export function lambdaTimeline(lambdaMock: AwsClientStub<LambdaClient>): string[] {
  const timeline: string[] = [];
  lambdaMock.on(UpdateFunctionConfigurationCommand).callsFake((input) => {
    timeline.push(`update ${input.FunctionName} ${input.MemorySize}`);
    return {};
  });
  lambdaMock.on(GetFunctionCommand).callsFake((input) => {
    timeline.push(`applied? ${input.FunctionName}`);
    return { Configuration: { LastUpdateStatus: 'Successful' } };
  });
  return timeline;
}
