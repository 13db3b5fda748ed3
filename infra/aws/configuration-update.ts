import {
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2,
  type LambdaClient,
  type UpdateFunctionConfigurationCommandInput,
} from '@aws-sdk/client-lambda';
import { CommandError } from '../../toolchain/command.ts';
import { awsError } from './errors.ts';

export interface WaiterTiming {
  /** Seconds; the SDK's waiter backs off between these. */
  minDelay: number;
  maxDelay: number;
  maxWaitTime: number;
}

/** A configuration change is applied within seconds; three minutes is a Lambda that is stuck. */
export const defaultUpdateWaiter: WaiterTiming = { minDelay: 1, maxDelay: 5, maxWaitTime: 180 };

/**
 * Sends one configuration change to a function. When another change is still being applied (a
 * deploy, an earlier run), it lets that one finish and sends its own once more. Does not wait for
 * its own to be applied: `waitUntilUpdated` does.
 */
export async function sendConfigurationUpdate(
  lambda: LambdaClient,
  functionName: string,
  change: Omit<UpdateFunctionConfigurationCommandInput, 'FunctionName'>,
  waiter: WaiterTiming,
): Promise<void> {
  const update = () => lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: functionName, ...change }));
  try {
    await update();
  } catch (error) {
    if ((error as Error).name !== 'ResourceConflictException') throw awsError(error, `updating ${functionName}`);
    await waitUntilUpdated(lambda, functionName, waiter);
    await update().catch((again: unknown) => {
      throw awsError(again, `updating ${functionName}`);
    });
  }
}

/** Until Lambda says the function's last update is applied; one line when it failed or never ends. */
export async function waitUntilUpdated(lambda: LambdaClient, functionName: string, waiter: WaiterTiming): Promise<void> {
  try {
    await waitUntilFunctionUpdatedV2({ client: lambda, ...waiter }, { FunctionName: functionName });
  } catch (error) {
    // An error from GetFunction is retried until the time is up: the waiter ends in a timeout or a failure.
    if ((error as Error).name === 'TimeoutError') {
      throw new CommandError(`${functionName} was still updating after ${waiter.maxWaitTime} s: try again later`);
    }
    // The waiter ends on LastUpdateStatus "Failed"; its message is the JSON of the last GetFunction.
    const reason = /"LastUpdateStatusReason":"([^"]*)"/.exec((error as Error).message)?.[1];
    throw new CommandError(`the configuration update of ${functionName} failed${reason ? `: ${reason}` : ''}`);
  }
}
