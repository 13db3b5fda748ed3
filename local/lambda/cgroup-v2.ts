import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Hierarchy } from './cgroup.ts';

/**
 * The v2 hierarchy, where a process is in exactly one group: one group per environment holds every
 * v2 facet of it. A process joins through `cgroup.procs` (see `launchInside` for what that costs).
 * Its freezer (`cgroup.freeze`) and CPU time (`cpu.stat`) are v2's own and work without any
 * controller, so even a hybrid host whose controllers are all bound to v1 has them.
 */
export const cgroupV2: Hierarchy = { key: 'v2', joinFileName: 'cgroup.procs', own: ownGroup };

/** A controller a v2 group has only when its parent hands it down. */
export type V2Controller = 'cpu' | 'memory';

/**
 * Hands `controller` down from `dir`'s parent (`lambda-duel-<pid>`), so `dir` has its files. The
 * kernel refuses unless this process's own group hands it down too, and a group other than the
 * root that holds a process (this one) hands down none: so it works where the stand-in runs in the
 * root group of a host whose controllers are on v2, and elsewhere the facet falls back as it does
 * without cgroups. Untested: the v2 of the machine this was written on has no controllers.
 */
export function handDown(controller: V2Controller, dir: string): void {
  writeFileSync(path.join(path.dirname(dir), 'cgroup.subtree_control'), `+${controller}`);
}

/**
 * This process's group: the `0::` line of /proc/self/cgroup, below the cgroup2 mount in
 * /proc/self/mountinfo (/sys/fs/cgroup on a v2 host, /sys/fs/cgroup/unified on a hybrid one).
 */
function ownGroup(): string | undefined {
  try {
    const mount = readFileSync('/proc/self/mountinfo', 'latin1').split('\n').map(parseMount).find((entry) => entry?.fstype === 'cgroup2');
    const own = readFileSync('/proc/self/cgroup', 'latin1').split('\n').find((line) => line.startsWith('0::'))?.slice('0::'.length);
    if (!mount || !own) return undefined;
    // A mount of part of the hierarchy shows it from its root down; a group above that is out of reach.
    const below = path.posix.relative(mount.root, own);
    return below.startsWith('..') ? undefined : path.join(mount.point, below);
  } catch {
    return undefined;
  }
}

/** `id parent major:minor root mount-point options [optional …] - fstype source super-options`. */
function parseMount(line: string): { root: string; point: string; fstype: string } | undefined {
  const [mount, filesystem] = line.split(' - ');
  const fields = mount?.split(' ');
  const fstype = filesystem?.split(' ')[0];
  if (!fields || fields.length < 5 || !fstype) return undefined;
  return { root: unescapeOctal(fields[3]!), point: unescapeOctal(fields[4]!), fstype };
}

/** The kernel writes a space in a path as `\040`. */
function unescapeOctal(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}
