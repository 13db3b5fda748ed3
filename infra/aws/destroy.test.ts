import { CloudFormationClient, CloudFormationServiceException, DeleteStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { destroyStack } from './destroy.ts';

const cfnMock = mockClient(CloudFormationClient);
const client = new CloudFormationClient({ region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const fastWaiter = { minDelay: 0.01, maxDelay: 0.02, maxWaitTime: 2 };
// What CloudFormation answers about a stack that is not (or no longer) there.
const gone = new CloudFormationServiceException({ name: 'ValidationError', $fault: 'client', message: 'Stack with id LambdaDuel does not exist', $metadata: {} });
const stack = (status: string) => ({ Stacks: [{ StackName: 'LambdaDuel', StackStatus: status, CreationTime: new Date() } as never] });

beforeEach(() => cfnMock.reset());

describe('destroying the stack', () => {
  it('deletes it and waits until CloudFormation no longer knows it', async () => {
    // Given a deployed stack that takes a moment to delete
    cfnMock.on(DescribeStacksCommand).resolvesOnce(stack('CREATE_COMPLETE')).resolvesOnce(stack('DELETE_IN_PROGRESS')).rejects(gone);
    cfnMock.on(DeleteStackCommand).resolves({});
    // When it is destroyed
    const lines: string[] = [];
    await expect(destroyStack(client, 'LambdaDuel', (line) => lines.push(line), fastWaiter)).resolves.toBe('deleted');
    // Then the delete was asked for once, and the end was waited for
    expect(cfnMock.commandCalls(DeleteStackCommand).map((call) => call.args[0].input)).toEqual([{ StackName: 'LambdaDuel' }]);
    expect(cfnMock.commandCalls(DescribeStacksCommand)).toHaveLength(3);
    expect(lines.at(-1)).toBe('destroy: stack LambdaDuel deleted');
  });

  it('has nothing to do when there is no stack', async () => {
    cfnMock.on(DescribeStacksCommand).rejects(gone);
    await expect(destroyStack(client, 'LambdaDuel', () => {}, fastWaiter)).resolves.toBe('absent');
    expect(cfnMock.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  it('says in one line when the deletion fails', async () => {
    cfnMock.on(DescribeStacksCommand).resolvesOnce(stack('CREATE_COMPLETE')).resolves(stack('DELETE_FAILED'));
    cfnMock.on(DeleteStackCommand).resolves({});
    await expect(destroyStack(client, 'LambdaDuel', () => {}, fastWaiter)).rejects.toThrow(
      'deleting stack LambdaDuel failed: see its events in the CloudFormation console',
    );
  });
});
