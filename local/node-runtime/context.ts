import type { IncomingHttpHeaders } from 'node:http';
import { RuntimeError } from './errors.ts';
import { runtimeHeaders } from '../lambda/runtime-protocol.ts';

/**
 * The `context` a nodejs24.x handler receives, as the runtime builds it from the invocation's
 * headers and the function's variables (aws-lambda-nodejs-runtime-interface-client
 * src/context/context-builder.ts). With callback handlers gone on Node 24 it has no
 * callbackWaitsForEmptyEventLoop, done, succeed or fail (nor the tenantId of tenant-isolated functions).
 */
export interface InvokeContext {
  readonly awsRequestId: string;
  readonly invokedFunctionArn: string;
  readonly functionName: string;
  readonly functionVersion: string;
  /** A string, as Lambda passes it: the variable's text. */
  readonly memoryLimitInMB: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  readonly xRayTraceId: string | undefined;
  readonly clientContext: unknown;
  readonly identity: unknown;
  getRemainingTimeInMillis(): number;
}

/** The variables every context repeats, read once at init. */
export interface FunctionVariables {
  functionName: string;
  functionVersion: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
}

const variableNames = {
  functionName: 'AWS_LAMBDA_FUNCTION_NAME',
  functionVersion: 'AWS_LAMBDA_FUNCTION_VERSION',
  memoryLimitInMB: 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  logGroupName: 'AWS_LAMBDA_LOG_GROUP_NAME',
  logStreamName: 'AWS_LAMBDA_LOG_STREAM_NAME',
} as const satisfies Record<keyof FunctionVariables, string>;

/** Fails as the runtime does when Lambda's own variables are missing: a platform fault. */
export function readFunctionVariables(env: NodeJS.ProcessEnv): FunctionVariables {
  const missing = Object.values(variableNames).filter((name) => !env[name]);
  if (missing.length > 0) throw new RuntimeError('PlatformError', `Missing required environment variables: ${missing.join(', ')}`);
  const read = (key: keyof FunctionVariables) => env[variableNames[key]]!;
  return {
    functionName: read('functionName'),
    functionVersion: read('functionVersion'),
    memoryLimitInMB: read('memoryLimitInMB'),
    logGroupName: read('logGroupName'),
    logStreamName: read('logStreamName'),
  };
}

export function buildContext(headers: IncomingHttpHeaders, variables: FunctionVariables): InvokeContext {
  const deadline = Number.parseInt(header(headers, runtimeHeaders.deadlineMs) ?? '', 10);
  if (Number.isNaN(deadline)) throw new RuntimeError('PlatformError', 'Invalid deadline timestamp');
  return {
    awsRequestId: header(headers, runtimeHeaders.requestId) ?? '',
    invokedFunctionArn: header(headers, runtimeHeaders.invokedFunctionArn) ?? '',
    ...variables,
    xRayTraceId: header(headers, runtimeHeaders.traceId),
    clientContext: jsonHeader(headers, runtimeHeaders.clientContext),
    identity: jsonHeader(headers, runtimeHeaders.cognitoIdentity),
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

function jsonHeader(headers: IncomingHttpHeaders, name: string): unknown {
  const value = header(headers, name);
  if (!value) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch (error) {
    throw new RuntimeError('PlatformError', `Failed to parse ${name} as JSON: ${(error as Error).message}`);
  }
}
