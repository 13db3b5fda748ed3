import { access } from 'node:fs/promises';
import path from 'node:path';
import { entryFile, functions as declared, stageThrottling, storageVariables, type FunctionDeclaration } from '../functions.config.ts';
import { CommandError } from '../toolchain/command.ts';
import { repoRoot } from '../toolchain/paths.ts';
import { localAccountId } from './defaults.ts';
import { startGateway } from './gateway/index.ts';
import type { ThrottleSettings } from './gateway/throttle.ts';
import type { MemoryEnforcement } from './lambda/memory-limit.ts';
import { LambdaService } from './lambda/service.ts';
import { RunLog } from './lambda/run-log.ts';
import { bundleNodeRuntime } from './node-runtime/bundle.ts';
import { startStorage, type LocalStorage } from './storage/index.ts';
import { localRegion } from './storage/credentials.ts';

export interface StandInOptions {
  /** Defaults to every declared function. */
  functions?: readonly FunctionDeclaration[];
  /** Storage to use; when absent the stand-in starts its own and stops it with itself. */
  storage?: LocalStorage;
  /** Where the functions' logs and REPORT records go. */
  logDir: string;
  idleTimeoutMs?: number;
  port?: number;
  /** API Gateway's limit is 30 s; tests shorten it to see the 503 quickly. */
  integrationTimeoutMs?: number;
  /** Defaults to the stage throttling the stack deploys. */
  throttling?: ThrottleSettings;
  /** A memory cgroup per environment where one can be made; the benchmarks also measure `sampling`. */
  memoryEnforcement?: MemoryEnforcement;
}

export interface StandIn {
  url: string;
  routes: Array<{ method: string; path: string; functionName: string }>;
  logDir: string;
  lambda: LambdaService;
  storage: LocalStorage;
  stop(): Promise<void>;
}

/**
 * API Gateway, Lambda, S3 and DynamoDB on loopback, running the artefacts `npm run build` made:
 * the same Node bundle and Rust binary that would be deployed.
 */
export async function startStandIn(options: StandInOptions): Promise<StandIn> {
  const functions = options.functions ?? Object.values(declared);
  await Promise.all(functions.map(assertBuilt));
  const nodeRuntimeFile = await bundleNodeRuntime();
  const storage = options.storage ?? (await startStorage());
  const log = new RunLog(options.logDir);
  const lambda = new LambdaService({
    functions,
    log,
    accountId: localAccountId,
    idleTimeoutMs: options.idleTimeoutMs ?? 10 * 60_000,
    ...(options.memoryEnforcement === undefined ? {} : { memoryEnforcement: options.memoryEnforcement }),
    launch: {
      region: localRegion,
      awsEnv: storage.env,
      storageEnv: { [storageVariables.bucket]: storage.bucketName, [storageVariables.table]: storage.tableName },
      nodeRuntimeFile,
    },
  });
  const routes = functions.map((fn) => ({ method: fn.route.method, path: fn.route.path, functionName: fn.name }));
  const gateway = await startGateway({
    routes,
    invoker: lambda,
    throttling: options.throttling ?? stageThrottling,
    admin: { dropEnvironments: () => lambda.dropEnvironments(), environments: () => lambda.environments() },
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.integrationTimeoutMs === undefined ? {} : { integrationTimeoutMs: options.integrationTimeoutMs }),
  });
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await gateway.stop();
      await lambda.stop();
      await log.close();
      if (!options.storage) await storage.stop();
    })());
  return { url: gateway.url, routes, logDir: options.logDir, lambda, storage, stop };
}

async function assertBuilt(fn: FunctionDeclaration): Promise<void> {
  const { code } = fn;
  const artefact = code.kind === 'rust' ? code.binary : path.join(code.bundleDir, entryFile(code));
  try {
    await access(path.resolve(repoRoot, artefact));
  } catch {
    throw new CommandError(`function '${fn.name}' is not built (${artefact} is missing): run \`npm run build\` first`);
  }
}
