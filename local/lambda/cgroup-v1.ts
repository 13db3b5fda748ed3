import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import path from 'node:path';

/** A cgroup v1 controller mounted on its own hierarchy, as `/sys/fs/cgroup/<controller>`. */
export type Controller = 'memory' | 'cpu' | 'cpuacct' | 'freezer';

const groupPrefix = 'lambda-duel-';

/**
 * One environment's group in one controller's hierarchy, under `lambda-duel-<pid>` below this
 * process's own group. Under v2 alone there is no such hierarchy, and none is made.
 */
export class CgroupV1 {
  private constructor(
    private readonly parent: string,
    readonly dir: string,
  ) {}

  /**
   * A new group, set up by `configure` before anything joins it. Undefined where this process may
   * not make one, or `configure` fails (the controller lacks the file, the kernel refuses the value).
   */
  static create(controller: Controller, name: string, configure: (dir: string) => void): CgroupV1 | undefined {
    const parent = groupParent(controller);
    if (!parent) return undefined;
    const dir = path.join(parent, name);
    try {
      mkdirSync(dir, { recursive: true });
      configure(dir);
      return new CgroupV1(parent, dir);
    } catch {
      removeQuietly(dir);
      return undefined;
    }
  }

  /** The file a thread writes `0` to, to join. */
  get tasksFile(): string {
    return path.join(this.dir, 'tasks');
  }

  /** Once its process has exited; the kernel refuses while any is left. The last one out takes the parent. */
  remove(): void {
    removeQuietly(this.dir);
    removeQuietly(this.parent);
  }
}

/**
 * The command line that starts `command` inside every group whose `tasks` file is given, from its
 * first page on. The runtime's thread joins through `tasks` before exec: a single-threaded shell
 * writes `0` to each, then execs, and the runtime's own threads are all born inside. Moving one
 * thread this way skips the kernel's global lock that moving a whole process (`cgroup.procs`)
 * takes, whose wait for an RCU grace period added about 14 ms to every cold start here.
 */
export function launchInside(tasksFiles: string[], command: string, args: string[]): { command: string; args: string[] } {
  if (tasksFiles.length === 0) return { command, args };
  const joins = tasksFiles.map((_, index) => `echo 0 > "$${index}"`).join(' && ');
  const [first, ...rest] = tasksFiles;
  // `sh -c SCRIPT $0 $1 …`: the tasks files are $0…$n, then `shift` leaves the command as "$@".
  return { command: '/bin/sh', args: ['-c', `${joins} && shift ${rest.length} && exec "$@"`, first!, ...rest, command, ...args] };
}

const parents = new Map<Controller, string | null>();

/**
 * `lambda-duel-<pid>` under this process's group of the controller. On first use, those of
 * stand-ins that died holding environments are swept.
 */
function groupParent(controller: Controller): string | undefined {
  if (!parents.has(controller)) {
    const own = ownGroup(controller);
    if (own) sweepStale(own);
    const candidate = own ? path.join(own, `${groupPrefix}${process.pid}`) : undefined;
    parents.set(controller, candidate && canJoin(candidate) ? candidate : null);
  }
  return parents.get(controller) ?? undefined;
}

/**
 * A runtime that could not join its group would never start, so the whole path is tried once: a
 * group is made, a shell joins it the way runtimes will, and both are gone again.
 */
function canJoin(parent: string): boolean {
  const probe = path.join(parent, 'probe');
  try {
    mkdirSync(probe, { recursive: true });
    const { command, args } = launchInside([path.join(probe, 'tasks')], '/bin/true', []);
    return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  } finally {
    removeQuietly(probe);
    removeQuietly(parent);
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

function sweepStale(own: string): void {
  let entries;
  try {
    entries = readdirSync(own, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(entry.name.slice(groupPrefix.length));
    if (!entry.isDirectory() || !entry.name.startsWith(groupPrefix) || isAlive(pid)) continue;
    const dir = path.join(own, entry.name);
    for (const child of readdirSync(dir, { withFileTypes: true })) if (child.isDirectory()) removeQuietly(path.join(dir, child.name));
    removeQuietly(dir);
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
