import {
  DeleteStackCommand,
  DescribeStacksCommand,
  waitUntilStackDeleteComplete,
  type CloudFormationClient,
} from '@aws-sdk/client-cloudformation';
import { CommandError } from '../../toolchain/command.ts';
import { awsError } from './errors.ts';

/**
 * Deletes the stack straight through CloudFormation and waits for it to go. `cdk destroy` would
 * first synthesize the app, which needs every artefact built; deleting needs only the name.
 */
export async function destroyStack(
  client: CloudFormationClient,
  stackName: string,
  report: (line: string) => void = console.error,
  waiter = { minDelay: 5, maxDelay: 15, maxWaitTime: 1_800 },
): Promise<'deleted' | 'absent'> {
  try {
    await client.send(new DescribeStacksCommand({ StackName: stackName }));
  } catch (error) {
    // CloudFormation answers a missing stack with a ValidationError "Stack with id … does not exist".
    if (/does not exist/.test((error as Error).message ?? '')) {
      report(`destroy: no stack ${stackName} in this account and region: nothing to destroy`);
      return 'absent';
    }
    throw awsError(error, `looking up stack ${stackName}`);
  }
  report(`destroy: deleting stack ${stackName} (bucket objects, table, functions, API, logs)…`);
  try {
    await client.send(new DeleteStackCommand({ StackName: stackName }));
  } catch (error) {
    throw awsError(error, `deleting stack ${stackName}`);
  }
  try {
    await waitUntilStackDeleteComplete({ client, ...waiter }, { StackName: stackName });
  } catch (error) {
    const name = (error as Error).name;
    throw new CommandError(
      name === 'TimeoutError'
        ? `stack ${stackName} was still being deleted after ${waiter.maxWaitTime} s: check the CloudFormation console`
        : `deleting stack ${stackName} failed: see its events in the CloudFormation console`,
    );
  }
  report(`destroy: stack ${stackName} deleted`);
  return 'deleted';
}
