import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { ContenderName } from '../../functions.config.ts';
import { CommandError } from '../../toolchain/command.ts';
import { defaultUpdateWaiter, sendConfigurationUpdate, waitUntilUpdated, type WaiterTiming } from './configuration-update.ts';
import { awsError } from './errors.ts';

/** A deployed contender as `npm run tune` finds it, before it changes anything. */
export interface TunedFunction {
  name: ContenderName;
  functionName: string;
  /** Its memory size before the tuning: what it is set back to at the end. */
  originalMb: number;
  /** Where its REPORT lines go: the stack gives each function a log group of its own. */
  logGroup: string;
}

/**
 * Each function's configuration: its memory size, to restore, and its log group, to read. A
 * function that logs JSON is refused here, before anything is changed: its REPORT lines are read as
 * Lambda's Text lines.
 */
export async function readTunedFunctions(lambda: LambdaClient, targets: readonly { name: ContenderName; functionName: string }[]): Promise<TunedFunction[]> {
  const tuned: TunedFunction[] = [];
  for (const { name, functionName } of targets) {
    let config;
    try {
      config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
    } catch (error) {
      throw awsError(error, `reading the configuration of ${functionName}`);
    }
    if (config.MemorySize === undefined) throw new CommandError(`the configuration of ${functionName} has no MemorySize`);
    if (config.LoggingConfig?.LogFormat === 'JSON') {
      throw new CommandError(`${functionName} logs JSON: tune reads Text REPORT lines (deploy the stack again with npm run deploy)`);
    }
    tuned.push({ name, functionName, originalMb: config.MemorySize, logGroup: config.LoggingConfig?.LogGroup ?? `/aws/lambda/${functionName}` });
  }
  return tuned;
}

export interface MemorySizer {
  /** Every function at this size, each update sent and then each waited for until Lambda has applied it. */
  resize(memoryMb: number): Promise<void>;
  /**
   * Every function back at its original size, waited for; once, however often it is called. A
   * function that could not be restored is one line naming the size to set by hand; false then.
   */
  restore(): Promise<boolean>;
}

export interface SizerOptions {
  waiter?: WaiterTiming;
  print?: (line: string) => void;
}

/**
 * Changes the functions' memory, one change after another: a restore that Ctrl-C starts while a
 * resize is being applied waits for it, then sets every size back; no resize is made after it.
 */
export function memorySizer(lambda: LambdaClient, tuned: readonly TunedFunction[], options: SizerOptions = {}): MemorySizer {
  const { waiter = defaultUpdateWaiter, print = console.error } = options;
  let last: Promise<unknown> = Promise.resolve();
  let restoring: Promise<boolean> | undefined;
  const inTurn = <T>(change: () => Promise<T>): Promise<T> => {
    const next = last.then(change, change);
    last = next.catch(() => undefined);
    return next;
  };
  return {
    resize: (memoryMb) =>
      inTurn(async () => {
        if (restoring) throw new CommandError('tune stopped: the functions are being set back to their sizes');
        const failures = await setSizes(lambda, tuned.map((fn) => ({ functionName: fn.functionName, memoryMb })), waiter);
        const [first] = failures.values();
        if (first) throw first;
        // Ctrl-C while this size was being applied: no load is to start at it.
        if (restoring) throw new CommandError('tune stopped: the functions are being set back to their sizes');
      }),
    restore: () =>
      (restoring ??= inTurn(async () => {
        const failures = await setSizes(lambda, tuned.map((fn) => ({ functionName: fn.functionName, memoryMb: fn.originalMb })), waiter);
        for (const fn of tuned.filter((each) => failures.has(each.functionName))) {
          print(
            `tune: could not set ${fn.functionName} back to ${fn.originalMb} MB (${failures.get(fn.functionName)!.message}): ` +
              `set it by hand: aws lambda update-function-configuration --function-name ${fn.functionName} --memory-size ${fn.originalMb}`,
          );
        }
        const restored = tuned.filter((fn) => !failures.has(fn.functionName));
        if (restored.length > 0) print(`tune: set back to ${restored.map((fn) => `${fn.originalMb} MB (${fn.functionName})`).join(', ')}`);
        return failures.size === 0;
      })),
  };
}

/**
 * Sends every function's update, then waits for each: the functions change together, and the
 * load starts only once all are applied. What failed, by function; one failure stops no other.
 */
async function setSizes(lambda: LambdaClient, changes: readonly { functionName: string; memoryMb: number }[], waiter: WaiterTiming): Promise<Map<string, Error>> {
  const failures = new Map<string, Error>();
  const failed = (functionName: string) => (error: unknown) => void failures.set(functionName, error instanceof Error ? error : new Error(String(error)));
  for (const { functionName, memoryMb } of changes) {
    await sendConfigurationUpdate(lambda, functionName, { MemorySize: memoryMb }, waiter).catch(failed(functionName));
  }
  for (const { functionName } of changes.filter((change) => !failures.has(change.functionName))) {
    await waitUntilUpdated(lambda, functionName, waiter).catch(failed(functionName));
  }
  return failures;
}
