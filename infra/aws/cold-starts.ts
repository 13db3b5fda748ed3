import { GetFunctionConfigurationCommand, InvokeCommand, LogType, type LambdaClient } from '@aws-sdk/client-lambda';
import { functions, type FunctionName } from '../../functions.config.ts';
import type { ColdStartRecord } from '../../formats/cold-starts.ts';
import { parseReportLine } from '../../formats/platform-log.ts';
import { CommandError } from '../../toolchain/command.ts';
import { defaultUpdateWaiter, sendConfigurationUpdate, waitUntilUpdated, type WaiterTiming } from './configuration-update.ts';
import { awsError } from './errors.ts';
import { routeEvent } from './http-event.ts';

/** Changing this variable is what retires a function's warm environments before each round. */
export const coldStartVariable = 'LAMBDA_DUEL_COLD_START';

export interface ColdStartOptions {
  lambda: LambdaClient;
  /** The deployed function for each declared one to measure. */
  targets: readonly { name: FunctionName; functionName: string }[];
  rounds: number;
  /** Part of every variable value, so no two runs set the same one (an unchanged value would not retire anything). */
  runId: string;
  waiter?: WaiterTiming;
  report?: (line: string) => void;
}

/**
 * For each function, `rounds` times: change an environment variable, wait until Lambda has
 * applied it (every warm environment is then retired), invoke the function with its route's
 * event and `LogType: Tail`, and read the REPORT line. Functions are measured one after another.
 */
export async function measureColdStarts(options: ColdStartOptions): Promise<ColdStartRecord[]> {
  const { lambda, rounds, runId, waiter = defaultUpdateWaiter, report = console.error } = options;
  const records: ColdStartRecord[] = [];
  for (const target of options.targets) {
    const variables = await currentVariables(lambda, target.functionName);
    for (let round = 1; round <= rounds; round += 1) {
      const value = `${runId}-${round}`;
      await updateVariables(lambda, target.functionName, { ...variables, [coldStartVariable]: value }, waiter);
      const record = await invokeCold(lambda, target, round, value);
      records.push(record);
      report(
        `cold starts: ${target.name} round ${round}/${rounds}: init ${record.initDurationMs ?? 'none (warm!)'} ms, ` +
          `duration ${record.durationMs} ms, ${record.maxMemoryUsedMb} MB, status ${record.statusCode}`,
      );
    }
  }
  return records;
}

async function currentVariables(lambda: LambdaClient, functionName: string): Promise<Record<string, string>> {
  try {
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
    // The update replaces the whole set: BUCKET_NAME and TABLE_NAME must go back in with it.
    return { ...config.Environment?.Variables };
  } catch (error) {
    throw awsError(error, `reading the configuration of ${functionName}`);
  }
}

async function updateVariables(
  lambda: LambdaClient,
  functionName: string,
  variables: Record<string, string>,
  waiter: WaiterTiming,
): Promise<void> {
  await sendConfigurationUpdate(lambda, functionName, { Environment: { Variables: variables } }, waiter);
  await waitUntilUpdated(lambda, functionName, waiter);
}

async function invokeCold(
  lambda: LambdaClient,
  target: { name: FunctionName; functionName: string },
  round: number,
  marker: string,
): Promise<ColdStartRecord> {
  const event = routeEvent(functions[target.name], `cold-start-${marker}`, new Date());
  const started = performance.now();
  let response;
  try {
    response = await lambda.send(
      new InvokeCommand({ FunctionName: target.functionName, LogType: LogType.Tail, Payload: new TextEncoder().encode(JSON.stringify(event)) }),
    );
  } catch (error) {
    throw awsError(error, `invoking ${target.functionName}`);
  }
  const clientLatencyMs = Math.round((performance.now() - started) * 100) / 100;
  const log = Buffer.from(response.LogResult ?? '', 'base64').toString('utf8');
  const parsed = log.split('\n').map(parseReportLine).find((line) => line !== undefined);
  if (!parsed) {
    throw new CommandError(`no REPORT line in the log tail of ${target.functionName} (round ${round}): is its log format Text?`);
  }
  return {
    function: target.name,
    round,
    requestId: parsed.requestId,
    initDurationMs: parsed.initDurationMs ?? null,
    durationMs: parsed.durationMs,
    billedDurationMs: parsed.billedDurationMs,
    maxMemoryUsedMb: parsed.maxMemoryUsedMb,
    clientLatencyMs,
    statusCode: response.FunctionError ? 500 : statusCodeOf(response.Payload),
  };
}

/** The `statusCode` of a payload-2.0 response; a bare result without one is a 200, as API Gateway treats it. */
function statusCodeOf(payload: Uint8Array | undefined): number {
  if (!payload?.length) return 200;
  try {
    const body = JSON.parse(new TextDecoder().decode(payload)) as { statusCode?: unknown };
    return typeof body?.statusCode === 'number' ? body.statusCode : 200;
  } catch {
    return 200;
  }
}
