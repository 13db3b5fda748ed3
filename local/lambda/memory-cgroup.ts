import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** cgroup v1's memory hierarchy; under v2 alone there is no such mount, and none is used. */
const memoryHierarchy = '/sys/fs/cgroup/memory';
const groupPrefix = 'lambda-duel-';

/**
 * A memory cgroup holding one execution environment, as Lambda holds each of its environments:
 * past the limit the kernel reclaims what it can, then its OOM killer ends the runtime.
 */
export class MemoryCgroup {
  private constructor(
    private readonly parent: string,
    private readonly dir: string,
  ) {}

  /**
   * A new cgroup limited to `limitMb`, under this process's own. Undefined where this process may
   * not create one (cgroup v2 only, or a hierarchy it does not own).
   */
  static create(name: string, limitMb: number): MemoryCgroup | undefined {
    const parent = groupParent();
    if (!parent) return undefined;
    const dir = path.join(parent, name);
    try {
      mkdirSync(dir, { recursive: true });
      const bytes = String(limitMb * 1024 * 1024);
      writeFileSync(path.join(dir, 'memory.limit_in_bytes'), bytes);
      // Lambda has no swap: where the kernel accounts swap, memory plus swap gets the same limit.
      writeIfPresent(path.join(dir, 'memory.memsw.limit_in_bytes'), bytes);
      return new MemoryCgroup(parent, dir);
    } catch {
      removeQuietly(dir);
      return undefined;
    }
  }

  /** The command line that starts `command` inside this cgroup, from its first page on. */
  launchInside(command: string, args: string[]): { command: string; args: string[] } {
    return joiningLaunch(this.dir, command, args);
  }

  /** Whether the kernel's OOM killer has ended a process in this cgroup. */
  oomKilled(): boolean {
    try {
      const control = readFileSync(path.join(this.dir, 'memory.oom_control'), 'latin1');
      return Number(/^oom_kill (\d+)$/m.exec(control)?.[1] ?? 0) > 0;
    } catch {
      return false;
    }
  }

  /** Once its process has exited; the kernel refuses while any is left. The last one out takes the parent. */
  remove(): void {
    removeQuietly(this.dir);
    removeQuietly(this.parent);
  }
}

let parentDir: string | null | undefined;

/**
 * `lambda-duel-<pid>` under this process's memory cgroup. On first use, those of stand-ins that
 * died holding environments are swept.
 */
function groupParent(): string | undefined {
  if (parentDir === undefined) {
    const own = ownMemoryCgroup();
    if (own) sweepStale(own);
    const candidate = own ? path.join(own, `${groupPrefix}${process.pid}`) : undefined;
    parentDir = candidate && canJoin(candidate) ? candidate : null;
  }
  return parentDir ?? undefined;
}

/**
 * A runtime that could not join its cgroup would never start, so the whole path is tried once:
 * a group is made, a shell joins it the way runtimes will, and both are gone again.
 */
function canJoin(parent: string): boolean {
  const probe = path.join(parent, 'probe');
  try {
    mkdirSync(probe, { recursive: true });
    const { command, args } = joiningLaunch(probe, '/bin/true', []);
    return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  } finally {
    removeQuietly(probe);
    removeQuietly(parent);
  }
}

/**
 * The runtime's thread joins the cgroup through `tasks` before exec: a single-threaded shell
 * writes `0` there, then execs, and the runtime's own threads are all born inside. Moving one
 * thread this way skips the kernel's global lock that moving a whole process (`cgroup.procs`)
 * takes, whose wait for an RCU grace period added about 14 ms to every cold start here.
 */
function joiningLaunch(dir: string, command: string, args: string[]): { command: string; args: string[] } {
  return { command: '/bin/sh', args: ['-c', 'echo 0 > "$0" && exec "$@"', path.join(dir, 'tasks'), command, ...args] };
}

function ownMemoryCgroup(): string | undefined {
  if (!existsSync(memoryHierarchy)) return undefined;
  try {
    const line = readFileSync('/proc/self/cgroup', 'latin1')
      .split('\n')
      .find((entry) => entry.split(':')[1]?.split(',').includes('memory'));
    return line ? path.join(memoryHierarchy, line.split(':')[2]!) : undefined;
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

function writeIfPresent(file: string, value: string): void {
  if (existsSync(file)) writeFileSync(file, value);
}

function removeQuietly(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Still holding a process, or already gone: either way nothing more to do here.
  }
}
