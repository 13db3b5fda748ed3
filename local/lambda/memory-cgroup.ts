import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultVersions, firstGroup, type Cgroup, type CgroupVersion } from './cgroup.ts';
import { cgroupV1 } from './cgroup-v1.ts';
import { cgroupV2, handDown } from './cgroup-v2.ts';

/**
 * Where each version keeps the limit, the swap limit and the count of OOM kills. v1's swap file
 * limits memory plus swap, v2's swap alone. v2's is untested: the machine this was written on has
 * no controllers on v2.
 */
const layouts = {
  v1: {
    hierarchy: cgroupV1('memory'),
    setUp: () => {},
    limit: 'memory.limit_in_bytes',
    swap: 'memory.memsw.limit_in_bytes',
    swapFor: (bytes: string) => bytes,
    events: 'memory.oom_control',
  },
  v2: {
    hierarchy: cgroupV2,
    setUp: (dir: string) => handDown('memory', dir),
    limit: 'memory.max',
    swap: 'memory.swap.max',
    swapFor: () => '0',
    events: 'memory.events',
  },
} as const;

type Layout = (typeof layouts)[CgroupVersion];

/**
 * A memory cgroup holding one execution environment, as Lambda holds each of its environments:
 * past the limit the kernel reclaims what it can, then its OOM killer ends the runtime.
 */
export class MemoryCgroup {
  private constructor(
    private readonly group: Cgroup,
    private readonly layout: Layout,
  ) {}

  /**
   * A new cgroup limited to `limitMb`, under this process's own, in the first of `versions` where
   * this process may make one. Undefined where it may in none.
   */
  static create(name: string, limitMb: number, versions: readonly CgroupVersion[] = defaultVersions): MemoryCgroup | undefined {
    const made = firstGroup(layouts, versions, name, (dir, layout) => {
      layout.setUp(dir);
      const bytes = String(limitMb * 1024 * 1024);
      writeFileSync(path.join(dir, layout.limit), bytes);
      // Lambda has no swap: where the kernel accounts swap, the environment gets none.
      const swap = path.join(dir, layout.swap);
      if (existsSync(swap)) writeFileSync(swap, layout.swapFor(bytes));
    });
    return made && new MemoryCgroup(made.group, made.layout);
  }

  get joinFile(): string {
    return this.group.joinFile;
  }

  /** Whether the kernel's OOM killer has ended a process in this cgroup. */
  oomKilled(): boolean {
    try {
      const events = readFileSync(path.join(this.group.dir, this.layout.events), 'latin1');
      return Number(/^oom_kill (\d+)$/m.exec(events)?.[1] ?? 0) > 0;
    } catch {
      return false;
    }
  }

  remove(): void {
    this.group.remove();
  }
}
