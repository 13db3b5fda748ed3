import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CgroupV1 } from './cgroup-v1.ts';
import { quotaPeriodUs, type CpuShare } from './cpu-model.ts';

/**
 * A CPU cgroup holding one execution environment to a share of the machine's cores, enforced by
 * the kernel's CFS bandwidth control: at most `quota` of CPU time per period, across its threads.
 */
export class CpuCgroup {
  private constructor(
    private readonly group: CgroupV1,
    private readonly share: CpuShare,
  ) {}

  /** A new cgroup at the INIT share. Undefined where this process may not create one. */
  static create(name: string, share: CpuShare): CpuCgroup | undefined {
    const group = CgroupV1.create('cpu', name, (dir) => {
      writeFileSync(path.join(dir, 'cpu.cfs_period_us'), String(quotaPeriodUs));
      writeQuota(dir, share.initVcpus);
    });
    return group && new CpuCgroup(group, share);
  }

  get tasksFile(): string {
    return this.group.tasksFile;
  }

  /** From the runtime's first call for work on, the environment has its size's share. */
  enterInvokePhase(): void {
    try {
      writeQuota(this.group.dir, this.share.invokeVcpus);
    } catch {
      // The group is gone with its process: there is nothing left to hold.
    }
  }

  remove(): void {
    this.group.remove();
  }
}

/** Whether this process may hold environments to a CPU share here: a group is made and removed again. */
export function cpuCgroupsAvailable(): boolean {
  const probe = CpuCgroup.create('cpu-probe', { invokeVcpus: 1, initVcpus: 1, capped: false });
  probe?.remove();
  return probe !== undefined;
}

/** The kernel takes at least 1 ms of quota per period. */
function writeQuota(dir: string, vcpus: number): void {
  writeFileSync(path.join(dir, 'cpu.cfs_quota_us'), String(Math.max(1000, Math.round(vcpus * quotaPeriodUs))));
}
