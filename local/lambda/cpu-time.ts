import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultVersions, firstGroup, type Cgroup, type CgroupVersion } from './cgroup.ts';
import { cgroupV1 } from './cgroup-v1.ts';
import { cgroupV2 } from './cgroup-v2.ts';

/**
 * Where each version keeps a group's CPU time: v1's cpuacct controller in ns, v2's `cpu.stat`
 * (there without the cpu controller) in µs.
 */
const layouts = {
  v1: { hierarchy: cgroupV1('cpuacct'), file: 'cpuacct.usage', msIn: (text: string) => Number(text) / 1e6 },
  v2: { hierarchy: cgroupV2, file: 'cpu.stat', msIn: (text: string) => Number(/^usage_usec (\d+)$/m.exec(text)?.[1]) / 1e3 },
} as const;

type Layout = (typeof layouts)[CgroupVersion];

/**
 * The CPU time one environment's runtime uses, every thread of it, from the kernel's CPU
 * accounting: what Lambda's REPORT lines do not say, and what the write-up claims Rust uses less of.
 */
export class CpuAccount {
  private constructor(
    private readonly group: Cgroup,
    private readonly layout: Layout,
  ) {}

  /** In the first of `versions` where this process may make a group that accounts CPU time. */
  static create(name: string, versions: readonly CgroupVersion[] = defaultVersions): CpuAccount | undefined {
    const made = firstGroup(layouts, versions, name, (dir, layout) => {
      if (Number.isNaN(layout.msIn(readFileSync(path.join(dir, layout.file), 'latin1')))) throw new Error(`no CPU time in ${layout.file}`);
    });
    return made && new CpuAccount(made.group, made.layout);
  }

  get joinFile(): string {
    return this.group.joinFile;
  }

  /** CPU time used so far, ms; undefined once the group is gone. */
  usedMs(): number | undefined {
    try {
      return this.layout.msIn(readFileSync(path.join(this.group.dir, this.layout.file), 'latin1'));
    } catch {
      return undefined;
    }
  }

  remove(): void {
    this.group.remove();
  }
}
