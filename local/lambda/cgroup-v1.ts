import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Hierarchy } from './cgroup.ts';

/** A cgroup v1 controller mounted on its own hierarchy, as `/sys/fs/cgroup/<controller>`. */
export type Controller = 'memory' | 'cpu' | 'cpuacct' | 'freezer';

/**
 * The controller's v1 hierarchy. A thread joins through `tasks`, which moves it alone (see
 * `launchInside`). Under v2 alone there is no such hierarchy, and no group is made in it.
 */
export function cgroupV1(controller: Controller): Hierarchy {
  const hierarchy: Hierarchy = { key: `v1 ${controller}`, joinFileName: 'tasks', own: () => ownGroup(controller) };
  return controller === 'freezer' ? { ...hierarchy, releaseStale: thaw } : hierarchy;
}

/**
 * A v1 frozen task does not die, not even of SIGKILL, until it is thawed: runtimes frozen when their
 * stand-in died got their kill from the kernel then (they are tied to its life) and die once thawed.
 * v2 lets a frozen task die, so only v1 needs this.
 */
function thaw(dir: string): void {
  try {
    writeFileSync(path.join(dir, 'freezer.state'), 'THAWED');
  } catch {
    // Already gone with its processes.
  }
}

function ownGroup(controller: Controller): string | undefined {
  const hierarchy = path.join('/sys/fs/cgroup', controller);
  if (!existsSync(hierarchy)) return undefined;
  try {
    const line = readFileSync('/proc/self/cgroup', 'latin1')
      .split('\n')
      .find((entry) => entry.split(':')[1]?.split(',').includes(controller));
    return line ? path.join(hierarchy, line.split(':')[2]!) : undefined;
  } catch {
    return undefined;
  }
}
