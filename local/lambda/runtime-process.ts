import type { ChildProcess } from 'node:child_process';
import { onLines } from '../process/lines.ts';
import { spawnTied } from '../process/spawn-tied.ts';
import { MemoryGauge } from './memory.ts';
import { launchInside, type CgroupVersion } from './cgroup.ts';
import { CpuCgroup } from './cpu-cgroup.ts';
import { CpuAccount } from './cpu-time.ts';
import type { CpuShare } from './cpu-model.ts';
import { freezerFor, type Freezer } from './freezer.ts';
import { memoryLimit, type MemoryEnforcement, type MemoryLimit } from './memory-limit.ts';

/** How to start one environment's runtime: the deployed artefact and the variables Lambda sets. */
export interface LaunchSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

export interface RuntimeProcessOptions {
  /** The environment's id, which names its cgroups. */
  id: string;
  launch: LaunchSpec;
  /** `host:port` of the environment's Runtime API, as AWS_LAMBDA_RUNTIME_API. */
  runtimeApi: string;
  memoryMb: number;
  memoryEnforcement?: MemoryEnforcement;
  /** Lambda's share of the CPU for the size; unset, the environment may use every core. */
  cpu?: CpuShare;
  /** Whether the environment is frozen while it waits for work, as Lambda freezes it. */
  freezeIdle?: boolean;
  /** The cgroup versions the CPU share, the freezer and the CPU time are tried in, in order; v1 then v2 unless set. */
  cgroupVersions?: readonly CgroupVersion[];
  /** The runtime's stdout and stderr, whole lines, a chunk's worth at a time. */
  output(lines: string[]): void;
  /** Called once when the process is gone, with why in Lambda's words: "signal: killed", "exit status 1". */
  exited(reason: string): void;
}

/**
 * One environment's runtime process, held to its memory size as Lambda holds it: spawned inside
 * its limit, its peak memory read from the kernel, killed at once when it must go.
 */
export class RuntimeProcess {
  private readonly child: ChildProcess;
  private readonly gauge: MemoryGauge;
  private readonly limit: MemoryLimit;
  private readonly cpu: CpuCgroup | undefined;
  private readonly freezer: Freezer | undefined;
  private readonly account: CpuAccount | undefined;
  private peak = 0;
  private killed = false;
  private killedForMemory = false;
  private gone = false;
  private readonly overMemory = (): void => this.killForMemory();

  constructor(private readonly options: RuntimeProcessOptions) {
    const { launch, cgroupVersions } = options;
    this.limit = memoryLimit(options.id, options.memoryMb, options.memoryEnforcement);
    this.cpu = options.cpu && CpuCgroup.create(options.id, options.cpu, cgroupVersions);
    this.freezer = options.freezeIdle ? freezerFor(options.id, () => this.pid, cgroupVersions) : undefined;
    this.account = CpuAccount.create(options.id, cgroupVersions);
    const groups = [this.limit.joinFile, this.cpu?.joinFile, this.freezer?.joinFile, this.account?.joinFile].filter((file): file is string => file !== undefined);
    const { command, args } = launchInside(groups, launch.command, launch.args);
    this.child = spawnTied(command, args, {
      cwd: launch.cwd,
      env: { ...launch.env, AWS_LAMBDA_RUNTIME_API: options.runtimeApi },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.gauge = new MemoryGauge(this.pid);
    onLines(this.child.stdout!, options.output);
    onLines(this.child.stderr!, options.output);
    this.child.once('exit', (code, signal) => this.onExit(signal ? `signal: ${signal === 'SIGKILL' ? 'killed' : signal}` : `exit status ${code}`));
    this.child.once('error', (error) => this.onExit(error.message));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** False from the moment the process is being killed, before it has gone. */
  get running(): boolean {
    return !this.gone && !this.killed;
  }

  /** The cores the runtime may use while invoked, where the kernel holds it to a share; undefined with whole cores. */
  get cpuVcpus(): number | undefined {
    return this.cpu && this.options.cpu?.invokeVcpus;
  }

  /** INIT is over: from now on the runtime has its size's share of the CPU. */
  endInit(): void {
    this.cpu?.enterInvokePhase();
  }

  /** The CPU time every thread of the runtime has used so far, ms, where the kernel accounts it. */
  cpuUsedMs(): number | undefined {
    return this.account?.usedMs();
  }

  /** Idle: no thread of the runtime runs until `thaw`. */
  freeze(): void {
    if (this.running) this.freezer?.freeze();
  }

  thaw(): void {
    this.freezer?.thaw();
  }

  /** The most memory the process was seen to hold, MB; the whole size once it was killed for exceeding it. */
  get peakMb(): number {
    return this.peak;
  }

  /** Reads the kernel's figure now (the process may have grown since the last look) and returns the peak. */
  samplePeak(): number {
    const reading = this.gauge.read();
    if (reading) this.peak = Math.max(this.peak, reading.peakMb);
    if (this.killedForMemory) this.peak = Math.max(this.peak, this.options.memoryMb);
    return this.peak;
  }

  /** While an invocation runs: a process past its size is killed, as Lambda kills it. */
  watchMemory(): void {
    this.limit.watch(this.gauge, this.overMemory);
  }

  unwatchMemory(): void {
    this.limit.unwatch();
  }

  /** Whether the process holds more than its size (where the limit is only sampled, it can for a moment). */
  exceededMemory(): boolean {
    return this.limit.exceeded(this.gauge);
  }

  killForMemory(): void {
    this.killedForMemory = true;
    this.kill();
  }

  kill(): void {
    if (this.killed || this.gone) return;
    this.killed = true;
    // The last chance to read the peak: a dead process has no memory lines left.
    this.samplePeak();
    this.child.kill('SIGKILL');
    // A frozen task takes its SIGKILL only once it is thawed.
    this.freezer?.thaw();
  }

  private onExit(reason: string): void {
    if (this.gone) return;
    this.gone = true;
    this.gauge.close();
    this.limit.unwatch();
    if (this.limit.oomKilled()) {
      this.killedForMemory = true;
      this.samplePeak();
    }
    this.limit.release();
    this.cpu?.remove();
    this.freezer?.release();
    this.account?.remove();
    this.options.exited(reason);
  }
}
