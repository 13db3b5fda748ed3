import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CgroupV1 } from './cgroup-v1.ts';

/**
 * A memory cgroup holding one execution environment, as Lambda holds each of its environments:
 * past the limit the kernel reclaims what it can, then its OOM killer ends the runtime.
 */
export class MemoryCgroup {
  private constructor(private readonly group: CgroupV1) {}

  /**
   * A new cgroup limited to `limitMb`, under this process's own. Undefined where this process may
   * not create one (cgroup v2 only, or a hierarchy it does not own).
   */
  static create(name: string, limitMb: number): MemoryCgroup | undefined {
    const group = CgroupV1.create('memory', name, (dir) => {
      const bytes = String(limitMb * 1024 * 1024);
      writeFileSync(path.join(dir, 'memory.limit_in_bytes'), bytes);
      // Lambda has no swap: where the kernel accounts swap, memory plus swap gets the same limit.
      const swap = path.join(dir, 'memory.memsw.limit_in_bytes');
      if (existsSync(swap)) writeFileSync(swap, bytes);
    });
    return group && new MemoryCgroup(group);
  }

  get tasksFile(): string {
    return this.group.tasksFile;
  }

  /** Whether the kernel's OOM killer has ended a process in this cgroup. */
  oomKilled(): boolean {
    try {
      const control = readFileSync(path.join(this.group.dir, 'memory.oom_control'), 'latin1');
      return Number(/^oom_kill (\d+)$/m.exec(control)?.[1] ?? 0) > 0;
    } catch {
      return false;
    }
  }

  remove(): void {
    this.group.remove();
  }
}
