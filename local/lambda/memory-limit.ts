import type { MemoryGauge } from './memory.ts';
import { MemoryCgroup } from './memory-cgroup.ts';

/** How one environment is held to its memory size. */
export interface MemoryLimit {
  /** The file the runtime joins its cgroup through before it starts, where the kernel holds the limit. */
  readonly joinFile: string | undefined;
  /** Holds a running invocation to the size, calling `onOver` past it, until `unwatch`. */
  watch(gauge: MemoryGauge, onOver: () => void): void;
  unwatch(): void;
  /** Whether the invocation that has just ended went past the size; asked before its answer goes out. */
  exceeded(gauge: MemoryGauge): boolean;
  /** Whether the kernel killed the runtime for its memory; asked once it has exited. */
  oomKilled(): boolean;
  /** Once the runtime has exited. */
  release(): void;
}

/** `cgroup` falls back to `sampling` where this process may not create memory cgroups. */
export type MemoryEnforcement = 'cgroup' | 'sampling';

/** The kernel's limit where this process may create memory cgroups, as Lambda uses; sampling otherwise. */
export function memoryLimit(environmentId: string, memoryMb: number, enforcement: MemoryEnforcement = 'cgroup'): MemoryLimit {
  const cgroup = enforcement === 'cgroup' ? MemoryCgroup.create(environmentId, memoryMb) : undefined;
  return cgroup ? new KernelLimit(cgroup) : new SampledLimit(memoryMb);
}

/**
 * Exact, and free on the invocation's path: the kernel refuses the page past the size and kills
 * the runtime, so nothing needs reading before an answer.
 */
export class KernelLimit implements MemoryLimit {
  constructor(private readonly cgroup: MemoryCgroup) {}

  /**
   * The runtime joins its cgroup before exec, so every page it touches counts: the kernel charges
   * a page to the cgroup that first touched it, and can no longer move charges after a join.
   */
  get joinFile(): string {
    return this.cgroup.joinFile;
  }

  /** The kernel watches. */
  watch(): void {}

  unwatch(): void {}

  exceeded(): boolean {
    return false;
  }

  oomKilled(): boolean {
    return this.cgroup.oomKilled();
  }

  release(): void {
    this.cgroup.remove();
  }
}

/**
 * Without cgroups: resident memory sampled every 20 ms while an invocation runs, and the peak
 * (VmHWM) checked as it ends, which catches a spike between samples.
 */
export class SampledLimit implements MemoryLimit {
  private sampler: NodeJS.Timeout | undefined;

  readonly joinFile = undefined;

  constructor(private readonly memoryMb: number) {}

  watch(gauge: MemoryGauge, onOver: () => void): void {
    this.sampler = setInterval(() => {
      const reading = gauge.read();
      if (reading && reading.rssMb > this.memoryMb) onOver();
    }, 20);
  }

  unwatch(): void {
    clearInterval(this.sampler);
  }

  exceeded(gauge: MemoryGauge): boolean {
    const reading = gauge.read();
    return reading !== undefined && reading.peakMb > this.memoryMb;
  }

  oomKilled(): boolean {
    return false;
  }

  release(): void {}
}
