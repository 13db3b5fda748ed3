import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { storageEnvironment, type DeployedFunction, type StorageNames } from '../../functions.config.ts';
import { nodeRuntimeCommand } from '../node-runtime/launch.ts';
import { pythonRuntimeCommand, pythonRuntimeEnv } from '../python-runtime/launch.ts';
import { repoRoot } from '../../toolchain/paths.ts';
import type { LaunchSpec } from './runtime-process.ts';

export interface LaunchContext {
  region: string;
  /** The standard AWS variables pointing the SDKs at the local servers, credentials included. */
  awsEnv: Record<string, string>;
  /** The local stores' names, handed to each function as `storageEnvironment` says. */
  storageNames: StorageNames;
  /** The bundled Node runtime client (what the managed nodejs runtime runs). */
  nodeRuntimeFile: string;
}

/** The physical name, as the stack would give it. */
export function physicalName(fn: DeployedFunction): string {
  return `lambda-duel-${fn.name}`;
}

/** Its unqualified ARN, as its environments and its asynchronous queue know it. */
export function functionArn(fn: DeployedFunction, region: string, accountId: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${physicalName(fn)}`;
}

/**
 * How Lambda would start this function: the deployed artefact as its runtime runs it, with the
 * variables Lambda sets and nothing inherited from this shell (a function sees only its own
 * configuration, as on AWS).
 */
export function launchSpec(fn: DeployedFunction, context: LaunchContext): LaunchSpec {
  const name = physicalName(fn);
  const env: Record<string, string> = {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    AWS_REGION: context.region,
    AWS_DEFAULT_REGION: context.region,
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName(),
    _HANDLER: fn.code.handler,
    ...context.awsEnv,
    ...storageEnvironment(fn, context.storageNames),
    ...fn.environment,
  };
  if (fn.code.kind === 'node') {
    const taskRoot = path.resolve(repoRoot, fn.code.bundleDir);
    const { command, args } = nodeRuntimeCommand(fn.memoryMb, context.nodeRuntimeFile);
    return {
      command,
      args,
      cwd: taskRoot,
      env: { ...env, LAMBDA_TASK_ROOT: taskRoot, AWS_EXECUTION_ENV: `AWS_Lambda_${fn.code.lambdaRuntime}` },
    };
  }
  if (fn.code.kind === 'python') {
    const taskRoot = path.resolve(repoRoot, fn.code.bundleDir);
    const { command, args } = pythonRuntimeCommand(fn.code.handler);
    return { command, args, cwd: taskRoot, env: { ...env, ...pythonRuntimeEnv(taskRoot, fn.code.lambdaRuntime) } };
  }
  const binary = path.resolve(repoRoot, fn.code.binary);
  const taskRoot = path.dirname(binary);
  return { command: binary, args: [], cwd: taskRoot, env: { ...env, LAMBDA_TASK_ROOT: taskRoot } };
}

/** Lambda's stream names: date, version, and a random id per environment. */
function logStreamName(): string {
  const date = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return `${date}/[$LATEST]${randomBytes(16).toString('hex')}`;
}
