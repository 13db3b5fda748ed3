import { access } from 'node:fs/promises';
import path from 'node:path';
import { entryFile, functions as declared, isThumbnailer, stageThrottling, type DeployedFunction, type FunctionDeclaration } from '../functions.config.ts';
import { CommandError } from '../toolchain/command.ts';
import { repoRoot } from '../toolchain/paths.ts';
import { localAccountId } from './defaults.ts';
import { startLambdaNotifications, type LambdaNotifications } from './events/lambda-notifications.ts';
import type { S3Notifications } from './events/s3-notifications.ts';
import { startGateway } from './gateway/index.ts';
import type { ThrottleSettings } from './gateway/throttle.ts';
import { cpuCgroupsAvailable } from './lambda/cpu-cgroup.ts';
import { cpuShare, defaultCpuModel, megabytesPerVcpu, type CpuModel } from './lambda/cpu-model.ts';
import type { MemoryEnforcement } from './lambda/memory-limit.ts';
import type { AsyncInvoker } from './lambda/async-invoke.ts';
import { functionArn } from './lambda/launch.ts';
import { LambdaService } from './lambda/service.ts';
import { RunLog } from './lambda/run-log.ts';
import { bundleNodeRuntime } from './node-runtime/bundle.ts';
import { startStorage, type LocalStorage } from './storage/index.ts';
import { localRegion } from './storage/credentials.ts';

export interface StandInOptions {
  /**
   * Defaults to every function behind the API. A thumbnailer among them gets the bucket's
   * notification for its upload prefix, through Lambda's asynchronous queue.
   */
  functions?: readonly DeployedFunction[];
  /**
   * Storage to use; when absent the stand-in starts its own and stops it with itself. Thumbnailers
   * need the stand-in's own, whose S3 sends it its events.
   */
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
  /** `lambda` (the default): CPU in proportion to memory, per environment, where a CPU cgroup can be made. */
  cpuModel?: CpuModel;
  /** Freezing idle environments apart from the CPU share, for the benchmark that measures what a thaw costs. */
  freezeIdle?: boolean;
  /** Where a notice goes: that the CPU model cannot be held here, or that a size is capped. */
  notice?: (line: string) => void;
}

export interface StandIn {
  url: string;
  routes: Array<{ method: string; path: string; functionName: string }>;
  /** Lambda's asynchronous queue for the thumbnailers' S3 events, and the notifications that feed it, when any thumbnailer runs. */
  events: { queue: AsyncInvoker; notifications: S3Notifications; stop(): Promise<number> } | undefined;
  logDir: string;
  /** The CPU model the environments run under: `whole-cores` where `lambda` was asked for but cannot be held. */
  cpuModel: CpuModel;
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
  const notice = options.notice ?? ((line: string) => console.error(line));
  const events = await startEvents(functions, options, notice);
  const nodeRuntimeFile = await bundleNodeRuntime();
  let storage: LocalStorage | undefined;
  let functionStorageEnv: Record<string, string>;
  try {
    storage = options.storage ?? (await startStorage(events ? { eventWebhookUrl: events.url } : {}));
    // With S3 events, the functions' S3 calls go through the proxy that carries their trace into the events.
    functionStorageEnv = events ? await events.proxyFunctionsS3(storage) : storage.env;
  } catch (error) {
    await events?.stop();
    if (!options.storage) await storage?.stop();
    throw error;
  }
  const log = new RunLog(options.logDir);
  const cpuModel = heldCpuModel(options.cpuModel ?? defaultCpuModel, functions, notice);
  const lambda = new LambdaService({
    functions,
    log,
    accountId: localAccountId,
    idleTimeoutMs: options.idleTimeoutMs ?? 10 * 60_000,
    ...(options.memoryEnforcement === undefined ? {} : { memoryEnforcement: options.memoryEnforcement }),
    cpuModel,
    ...(options.freezeIdle === undefined ? {} : { freezeIdle: options.freezeIdle }),
    launch: {
      region: localRegion,
      awsEnv: functionStorageEnv,
      storageNames: storage,
      nodeRuntimeFile,
    },
  });
  const queue = events?.connect(lambda, (fn) => functionArn(fn, localRegion, localAccountId));
  const routes = functions.filter(isRouted).map((fn) => ({ method: fn.route.method, path: fn.route.path, functionName: fn.name }));
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
      await events?.stop();
      await lambda.stop();
      await log.close();
      if (!options.storage) await storage.stop();
    })());
  return { url: gateway.url, routes, events: events && queue ? { queue, notifications: events.notifications, stop: events.stop } : undefined, logDir: options.logDir, cpuModel, lambda, storage, stop };
}

function isRouted(fn: DeployedFunction): fn is FunctionDeclaration {
  return !isThumbnailer(fn);
}

/** The S3 notifications the thumbnailers among `functions` need; started before S3, which tests the webhook at startup. */
async function startEvents(functions: readonly DeployedFunction[], options: StandInOptions, warn: (line: string) => void): Promise<LambdaNotifications | undefined> {
  const thumbnailers = functions.filter(isThumbnailer);
  if (thumbnailers.length === 0) return undefined;
  if (options.storage) throw new CommandError(`thumbnailers (${thumbnailers.map((fn) => fn.name).join(', ')}) need the stand-in's own storage, whose S3 sends their events`);
  return startLambdaNotifications(thumbnailers, options.logDir, warn);
}

/** The model asked for, if the kernel can hold it here; said once where it cannot, or where a size is capped. */
function heldCpuModel(wanted: CpuModel, functions: readonly DeployedFunction[], notice: (line: string) => void): CpuModel {
  if (wanted === 'whole-cores') return wanted;
  if (!cpuCgroupsAvailable()) {
    notice('stand-in: no CPU cgroup can be made here (cgroup v1 cpu controller), so every environment gets whole cores');
    return 'whole-cores';
  }
  for (const fn of functions) {
    const share = cpuShare(fn.memoryMb);
    if (share.capped) notice(`stand-in: ${fn.name} at ${fn.memoryMb} MB would get ${(fn.memoryMb / megabytesPerVcpu).toFixed(2)} vCPUs; this machine has ${share.invokeVcpus}, so it gets them all`);
  }
  return wanted;
}

async function assertBuilt(fn: DeployedFunction): Promise<void> {
  const { code } = fn;
  const artefact = code.kind === 'rust' ? code.binary : path.join(code.bundleDir, entryFile(code));
  try {
    await access(path.resolve(repoRoot, artefact));
  } catch {
    throw new CommandError(`function '${fn.name}' is not built (${artefact} is missing): run \`npm run build\` first`);
  }
}
