import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultVersions, firstGroup, type Cgroup, type CgroupVersion } from './cgroup.ts';
import { cgroupV1 } from './cgroup-v1.ts';
import { cgroupV2, handDown } from './cgroup-v2.ts';
import { quotaPeriodUs, type CpuShare } from './cpu-model.ts';

/** The kernel takes at least 1 ms of quota per period. */
const quotaUs = (vcpus: number) => Math.max(1000, Math.round(vcpus * quotaPeriodUs));

/**
 * How each version sets the quota: v1 has a file for the period and one for the quota, v2 one file
 * holding both (`cpu.max`, untested: the machine this was written on has no controllers on v2).
 */
const layouts = {
  v1: {
    hierarchy: cgroupV1('cpu'),
    setUp: (dir: string) => writeFileSync(path.join(dir, 'cpu.cfs_period_us'), String(quotaPeriodUs)),
    writeQuota: (dir: string, vcpus: number) => writeFileSync(path.join(dir, 'cpu.cfs_quota_us'), String(quotaUs(vcpus))),
  },
  v2: {
    hierarchy: cgroupV2,
    setUp: (dir: string) => handDown('cpu', dir),
    writeQuota: (dir: string, vcpus: number) => writeFileSync(path.join(dir, 'cpu.max'), `${quotaUs(vcpus)} ${quotaPeriodUs}`),
  },
} as const;

type Layout = (typeof layouts)[CgroupVersion];

/**
 * A CPU cgroup holding one execution environment to a share of the machine's cores, enforced by
 * the kernel's CFS bandwidth control: at most `quota` of CPU time per period, across its threads.
 */
export class CpuCgroup {
  private constructor(
    private readonly group: Cgroup,
    private readonly layout: Layout,
    private readonly share: CpuShare,
  ) {}

  /** A new cgroup at the INIT share, in the first of `versions` where this process may make one. */
  static create(name: string, share: CpuShare, versions: readonly CgroupVersion[] = defaultVersions): CpuCgroup | undefined {
    const made = firstGroup(layouts, versions, name, (dir, layout) => {
      layout.setUp(dir);
      layout.writeQuota(dir, share.initVcpus);
    });
    return made && new CpuCgroup(made.group, made.layout, share);
  }

  get joinFile(): string {
    return this.group.joinFile;
  }

  /** From the runtime's first call for work on, the environment has its size's share. */
  enterInvokePhase(): void {
    try {
      this.layout.writeQuota(this.group.dir, this.share.invokeVcpus);
    } catch {
      // The group is gone with its process: there is nothing left to hold.
    }
  }

  remove(): void {
    this.group.remove();
  }
}

/** Whether this process may hold environments to a CPU share here: a group is made and removed again. */
export function cpuCgroupsAvailable(versions: readonly CgroupVersion[] = defaultVersions): boolean {
  const probe = CpuCgroup.create('cpu-probe', { invokeVcpus: 1, initVcpus: 1, capped: false }, versions);
  probe?.remove();
  return probe !== undefined;
}
