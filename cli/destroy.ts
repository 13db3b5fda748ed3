import { rm } from 'node:fs/promises';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { destroyStack } from '../infra/aws/destroy.ts';
import { defaultOutputsFile } from '../infra/aws/outputs.ts';
import { defaultStackName } from '../infra/names.ts';

/** `destroy`: deletes the stack and everything in it, the bucket's objects included. */
export async function destroy(): Promise<number> {
  await destroyStack(new CloudFormationClient({}), defaultStackName);
  await rm(defaultOutputsFile, { force: true });
  return 0;
}
