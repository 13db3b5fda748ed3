import type { DeployedFunction } from '../../functions.config.ts';
import type { InvocationOutcome, InvocationRequest, Invoker } from './invocation.ts';
import { functionArn, launchSpec, type LaunchContext } from './launch.ts';
import { cpuShare, type CpuModel } from './cpu-model.ts';
import type { MemoryEnforcement } from './memory-limit.ts';
import { FunctionPool, type PoolStatus } from './pool.ts';
import type { RunLog } from './run-log.ts';

export interface LambdaServiceOptions {
  functions: readonly DeployedFunction[];
  launch: LaunchContext;
  log: RunLog;
  idleTimeoutMs: number;
  /** Lambda gives the INIT phase of an on-demand cold start 10 s. */
  initTimeoutMs?: number;
  memoryEnforcement?: MemoryEnforcement;
  /** `lambda`: each environment held to its size's share of the CPU; `whole-cores` when unset. */
  cpuModel?: CpuModel;
  /** Whether an idle environment is frozen; as the CPU model has it (`lambda` freezes) unless told. */
  freezeIdle?: boolean;
  accountId: string;
}

/** The Lambda service for the declared functions: one environment pool each, behind `invoke`. */
export class LambdaService implements Invoker {
  private readonly pools = new Map<string, FunctionPool>();

  constructor(options: LambdaServiceOptions) {
    for (const fn of options.functions) {
      this.pools.set(
        fn.name,
        new FunctionPool({
          concurrency: fn.reservedConcurrency,
          idleTimeoutMs: options.idleTimeoutMs,
          onReport: (report) => options.log.report(report),
          environment: {
            functionName: fn.name,
            functionArn: functionArn(fn, options.launch.region, options.accountId),
            memoryMb: fn.memoryMb,
            timeoutSeconds: fn.timeoutSeconds,
            launch: launchSpec(fn, options.launch),
            initTimeoutMs: options.initTimeoutMs ?? 10_000,
            ...(options.memoryEnforcement === undefined ? {} : { memoryEnforcement: options.memoryEnforcement }),
            ...(options.cpuModel === 'lambda' ? { cpu: cpuShare(fn.memoryMb) } : {}),
            freezeIdle: options.freezeIdle ?? options.cpuModel === 'lambda',
            log: (message) => options.log.write(fn.name, message),
          },
        }),
      );
    }
  }

  invoke(request: InvocationRequest): Promise<InvocationOutcome> {
    const pool = this.pools.get(request.functionName);
    if (!pool) throw new Error(`no function named '${request.functionName}'`);
    return pool.invoke(request);
  }

  /** Every environment of every function goes; the next invocations are cold starts. */
  async dropEnvironments(): Promise<number> {
    const dropped = await Promise.all([...this.pools.values()].map((pool) => pool.drop()));
    return dropped.reduce((sum, count) => sum + count, 0);
  }

  environments(): Record<string, PoolStatus> {
    return Object.fromEntries([...this.pools].map(([name, pool]) => [name, pool.status()]));
  }

  /** Resolves once every environment's process has exited. */
  async stop(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.stop()));
  }
}
