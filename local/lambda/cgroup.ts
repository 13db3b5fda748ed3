import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Which cgroup interface holds a facet of an environment (its memory, CPU quota, CPU time,
 * freezer): v1, a hierarchy per controller, or v2, one hierarchy in which a process is in exactly
 * one group, so every v2 facet of an environment shares its one group.
 */
export type CgroupVersion = 'v1' | 'v2';

/**
 * v1 first, then v2. Where a controller is mounted on v1 (hybrid hosts) the kernel binds it there
 * and v2 cannot have it; v2's own freezer and CPU time could be had, but one v2 facet makes every
 * cold start join through `cgroup.procs` (see `launchInside`), so they too stay on v1 where it has
 * theirs. On a host with v2 alone, v1 has no hierarchy and v2 is what is left.
 */
export const defaultVersions: readonly CgroupVersion[] = ['v1', 'v2'];

/** One hierarchy: where this process's own group is in it, and the file a shell writes `0` to, to join a group. */
export interface Hierarchy {
  /** Names it among the hierarchies this process has used, e.g. `v1 freezer`. */
  readonly key: string;
  readonly joinFileName: string;
  /** This process's group in the hierarchy, as a directory; undefined where there is none to use. */
  own(): string | undefined;
  /** What a dead stand-in's group needs before its processes can die, their kill already pending. */
  releaseStale?(dir: string): void;
}

const groupPrefix = 'lambda-duel-';

/** One environment's group in one hierarchy, under `lambda-duel-<pid>` below this process's own group. */
export class Cgroup {
  private constructor(
    private readonly parent: string,
    readonly dir: string,
    /** The file a thread writes `0` to, to join. */
    readonly joinFile: string,
  ) {}

  /**
   * The group, set up by `configure` before anything joins it. Undefined where this process may not
   * make one, or `configure` fails (the controller lacks the file, the kernel refuses the value).
   * Several facets may make the same v2 group: it is made by the first and set up by each.
   */
  static create(hierarchy: Hierarchy, name: string, configure: (dir: string) => void): Cgroup | undefined {
    const parent = groupParent(hierarchy);
    if (!parent) return undefined;
    const dir = path.join(parent, name);
    let made = false;
    try {
      made = mkdirSync(dir, { recursive: true }) !== undefined;
      configure(dir);
      return new Cgroup(parent, dir, path.join(dir, hierarchy.joinFileName));
    } catch {
      // Only what this call made: another facet may be set up in the group already.
      if (made) {
        removeQuietly(dir);
        removeQuietly(parent);
      }
      return undefined;
    }
  }

  /** Once its process has exited; the kernel refuses while any is left. The last one out takes the parent. */
  remove(): void {
    removeQuietly(this.dir);
    removeQuietly(this.parent);
  }
}

/** What a facet needs of each version: the hierarchy, and whatever else the facet keeps there. */
export type Layouts = Record<CgroupVersion, { hierarchy: Hierarchy }>;

/**
 * The facet's group in the first of `versions` where one is made and `configure` sets it up with
 * that version's layout, and the layout; undefined where none is.
 */
export function firstGroup<L extends Layouts>(
  layouts: L,
  versions: readonly CgroupVersion[],
  name: string,
  configure: (dir: string, layout: L[CgroupVersion]) => void,
): { group: Cgroup; layout: L[CgroupVersion] } | undefined {
  for (const version of versions) {
    const layout = layouts[version];
    const group = Cgroup.create(layout.hierarchy, name, (dir) => configure(dir, layout));
    if (group) return { group, layout };
  }
  return undefined;
}

/**
 * The command line that starts `command` inside every group whose join file is given (each once:
 * an environment's v2 facets share one), from its first page on: a single-threaded shell writes
 * `0` to each, then execs, and the runtime's own threads are all born inside.
 *
 * A v1 `tasks` file moves that one thread, which skips the kernel's global lock that moving a
 * whole process takes; its wait for an RCU grace period added about 14 ms to a cold start here.
 * v2 has only `cgroup.procs` for a domain group, so a v2 join pays it: on Linux 6.18, a shell
 * started 150 ms after the last join ran in 9.6 ms (p50 of 40) joining through v2's `cgroup.procs`
 * (9.3 through v1's), 3.5 through a `tasks` file and 3.2 joining nothing. The facets prefer v1
 * where it is mounted, so that is paid only where v2 is all there is (a cgroup2 mounted with
 * `favordynmods` should not pay it; not measured here).
 */
export function launchInside(joinFiles: string[], command: string, args: string[]): { command: string; args: string[] } {
  const files = [...new Set(joinFiles)];
  if (files.length === 0) return { command, args };
  const joins = files.map((_, index) => `echo 0 > "$${index}"`).join(' && ');
  const [first, ...rest] = files;
  // `sh -c SCRIPT $0 $1 …`: the join files are $0…$n, then `shift` leaves the command as "$@".
  return { command: '/bin/sh', args: ['-c', `${joins} && shift ${rest.length} && exec "$@"`, first!, ...rest, command, ...args] };
}

const parents = new Map<string, string | null>();

/**
 * `lambda-duel-<pid>` under this process's group of the hierarchy. On first use, those of
 * stand-ins that died holding environments are swept.
 */
function groupParent(hierarchy: Hierarchy): string | undefined {
  if (!parents.has(hierarchy.key)) {
    const own = hierarchy.own();
    if (own) sweepStale(own, hierarchy);
    const candidate = own ? path.join(own, `${groupPrefix}${process.pid}`) : undefined;
    parents.set(hierarchy.key, candidate && canJoin(candidate, hierarchy.joinFileName) ? candidate : null);
  }
  return parents.get(hierarchy.key) ?? undefined;
}

/**
 * A runtime that could not join its group would never start, so the whole path is tried once: a
 * group is made, a shell joins it the way runtimes will, and both are gone again.
 */
function canJoin(parent: string, joinFileName: string): boolean {
  const probe = path.join(parent, 'probe');
  try {
    mkdirSync(probe, { recursive: true });
    const { command, args } = launchInside([path.join(probe, joinFileName)], '/bin/true', []);
    return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  } finally {
    removeQuietly(probe);
    removeQuietly(parent);
  }
}

function sweepStale(own: string, hierarchy: Hierarchy): void {
  for (const name of subgroups(own)) {
    const pid = Number(name.slice(groupPrefix.length));
    if (!name.startsWith(groupPrefix) || isAlive(pid)) continue;
    const dir = path.join(own, name);
    for (const child of subgroups(dir)) {
      hierarchy.releaseStale?.(path.join(dir, child));
      removeQuietly(path.join(dir, child));
    }
    removeQuietly(dir);
  }
}

/** The groups in a group; none once it is gone (another stand-in starting at the same moment swept it first). */
function subgroups(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeQuietly(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Still holding a process, or already gone: either way nothing more to do here.
  }
}
