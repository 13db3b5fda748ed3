import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CgroupV1 } from './cgroup-v1.ts';

/**
 * The CPU time one environment's runtime uses, every thread of it, from the kernel's CPU
 * accounting cgroup: what Lambda's REPORT lines do not say, and what the write-up claims Rust
 * uses less of.
 */
export class CpuAccount {
  private constructor(private readonly group: CgroupV1) {}

  /** Undefined where this process may not make a cpuacct group. */
  static create(name: string): CpuAccount | undefined {
    const group = CgroupV1.create('cpuacct', name, (dir) => readFileSync(path.join(dir, 'cpuacct.usage')));
    return group && new CpuAccount(group);
  }

  get tasksFile(): string {
    return this.group.tasksFile;
  }

  /** CPU time used so far, ms; undefined once the group is gone. */
  usedMs(): number | undefined {
    try {
      return Number(readFileSync(path.join(this.group.dir, 'cpuacct.usage'), 'latin1')) / 1e6;
    } catch {
      return undefined;
    }
  }

  remove(): void {
    this.group.remove();
  }
}
