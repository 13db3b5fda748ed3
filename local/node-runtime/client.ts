import { buildContext, readFunctionVariables, type FunctionVariables } from './context.ts';
import { RuntimeError, unhandledRejection } from './errors.ts';
import { loadHandler, type Handler } from './handler-loader.ts';
import { logError, patchConsole } from './log-patch.ts';
import { RuntimeApiClient, type NextInvocation } from './runtime-api-client.ts';

/**
 * What the nodejs24.x managed runtime runs inside an execution environment, started as
 * `node <this bundle>` with the variables Lambda sets: load the handler named by `_HANDLER`, then
 * serve invocations from the Runtime API one at a time for as long as the environment lives.
 * Modelled on aws-lambda-nodejs-runtime-interface-client (src/utils/runtime-setup.ts,
 * src/runtime/runtime.ts, buffered-invoke-processor.ts, lifecycle-manager.ts).
 */

/** What log records outside any invocation carry in the request id field. */
const noRequestId = '-';

/** The client's fatal exits (src/index.mjs, src/Runtime.js): 129 uncaught exception, 128 unhandled rejection. */
const exitCodes = { uncaughtException: 129, unhandledRejection: 128, initError: 1 } as const;

let phase: 'init' | 'idle' | 'invoking' = 'init';
let requestId = noRequestId;
let exiting = false;

patchConsole(() => requestId);
const client = new RuntimeApiClient(requiredVariable('AWS_LAMBDA_RUNTIME_API'));
process.on('uncaughtException', (error) => void die('Uncaught Exception', error, exitCodes.uncaughtException));
process.on('unhandledRejection', (reason) => void die('Unhandled Promise Rejection', unhandledRejection(reason), exitCodes.unhandledRejection));

const { handler, variables } = await init();
phase = 'idle';
for (;;) await serve(await client.next());

async function init(): Promise<{ handler: Handler; variables: FunctionVariables }> {
  try {
    const variables = readFunctionVariables(process.env);
    // Lambda always sets LAMBDA_TASK_ROOT; the real runtime falls back to the working directory.
    const handler = await loadHandler(process.env.LAMBDA_TASK_ROOT || process.cwd(), requiredVariable('_HANDLER'));
    return { handler, variables };
  } catch (error) {
    logError('Init Error', error);
    await client.postInitError(error);
    process.exit(exitCodes.initError);
  }
}

async function serve({ headers, body }: NextInvocation): Promise<void> {
  const context = buildContext(headers, variables);
  requestId = context.awsRequestId;
  phase = 'invoking';
  moveTraceIdToEnv(context.xRayTraceId);
  const event: unknown = JSON.parse(body);
  try {
    const response = serialize(await handler(event, context));
    await nextTurn();
    // A fatal error caught in the last turn has already reported this invocation as failed.
    if (!exiting) await client.postResponse(requestId, response);
  } catch (error) {
    await nextTurn();
    logError('Invoke Error', error);
    await client.postError(requestId, error);
  }
  phase = 'idle';
}

/** `undefined` becomes `null`: the invocation still has a JSON response. */
function serialize(result: unknown): string {
  try {
    return JSON.stringify(result === undefined ? null : result);
  } catch {
    throw new RuntimeError('JSONStringifyError', 'Unable to stringify response body');
  }
}

/**
 * The real runtime lets one turn of the event loop pass before it reports a result, so work the
 * handler left behind (a rejection nobody awaited) surfaces first; this keeps that order and cost.
 */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The X-Ray SDK reads the trace of the invocation in flight from here. */
function moveTraceIdToEnv(traceId: string | undefined): void {
  if (traceId) process.env._X_AMZN_TRACE_ID = traceId;
  else delete process.env._X_AMZN_TRACE_ID;
}

/**
 * An uncaught exception or unhandled rejection ends the environment: it is logged, reported against
 * what was running (the init or the invocation in flight), and the process exits. Between
 * invocations there is nothing to report it against, and the one connection is parked in `/next`.
 */
async function die(label: string, error: unknown, exitCode: number): Promise<void> {
  if (exiting) return;
  exiting = true;
  try {
    logError(label, error);
    if (phase === 'init') await client.postInitError(error);
    else if (phase === 'invoking') await client.postError(requestId, error);
  } finally {
    process.exit(exitCode);
  }
}

function requiredVariable(name: string): string {
  const value = process.env[name];
  if (!value) throw new RuntimeError('PlatformError', `${name} environment variable is not set`);
  return value;
}
