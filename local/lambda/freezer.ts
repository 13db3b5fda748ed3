import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CgroupV1 } from './cgroup-v1.ts';

/**
 * How an idle environment is frozen, as Lambda freezes it between invocations: no thread of the
 * runtime runs, so its timers and background work wait for the next invocation.
 */
export interface Freezer {
  /** The `tasks` file the runtime joins before it starts, when a freezer cgroup holds it. */
  readonly tasksFile: string | undefined;
  freeze(): void;
  /** Before an invocation is handed over, and before the runtime is killed (a frozen task cannot die). */
  thaw(): void;
  release(): void;
}

/** The freezer cgroup where this process may make one; SIGSTOP and SIGCONT of the runtime otherwise. */
export function freezerFor(environmentId: string, pid: () => number): Freezer {
  const group = CgroupV1.create('freezer', environmentId, (dir) => readFileSync(path.join(dir, 'freezer.state')));
  return group ? new CgroupFreezer(group) : new SignalFreezer(pid);
}

/** The kernel's freezer: every thread of the group stops where it is and starts again where it was. */
class CgroupFreezer implements Freezer {
  private frozen = false;

  constructor(private readonly group: CgroupV1) {}

  get tasksFile(): string {
    return this.group.tasksFile;
  }

  freeze(): void {
    this.write('FROZEN', true);
  }

  thaw(): void {
    if (this.frozen) this.write('THAWED', false);
  }

  release(): void {
    this.group.remove();
  }

  private write(state: 'FROZEN' | 'THAWED', frozen: boolean): void {
    try {
      writeFileSync(path.join(this.group.dir, 'freezer.state'), state);
      this.frozen = frozen;
    } catch {
      // The group went with its process.
    }
  }
}

/** Stops the runtime's process, all its threads, with SIGSTOP, and lets it go on with SIGCONT. */
export class SignalFreezer implements Freezer {
  readonly tasksFile = undefined;
  private frozen = false;

  constructor(private readonly pid: () => number) {}

  freeze(): void {
    this.signal('SIGSTOP', true);
  }

  thaw(): void {
    if (this.frozen) this.signal('SIGCONT', false);
  }

  release(): void {}

  private signal(signal: NodeJS.Signals, frozen: boolean): void {
    try {
      process.kill(this.pid(), signal);
      this.frozen = frozen;
    } catch {
      // The process is gone.
    }
  }
}
