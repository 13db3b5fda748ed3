import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchInside, type CgroupVersion } from './cgroup.ts';
import { freezerFor, SignalFreezer, type Freezer } from './freezer.ts';
import { expectNoTicksWhileFrozen } from './testing/frozen-timer.ts';

/** A process that prints a line every 10 ms; the count of lines is how much it ran. */
function ticking(freezer: (pid: () => number) => Freezer) {
  let pid = -1;
  const held = freezer(() => pid);
  const { command, args } = launchInside(held.joinFile ? [held.joinFile] : [], process.execPath, ['-e', 'setInterval(() => console.log("tick"), 10)']);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  pid = child.pid!;
  let lines = 0;
  child.stdout.on('data', (chunk: Buffer) => (lines += chunk.toString().split('\n').length - 1));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return { freezer: held, child, exited, lines: () => lines };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether this process may freeze environments with the version's freezer here. */
function freezes(version: CgroupVersion): boolean {
  const probe = freezerFor(`freezer-probe-${process.pid}`, () => -1, [version]);
  probe.release();
  return probe.joinFile !== undefined;
}

const byVersion = (version: CgroupVersion) => (pid: () => number) => freezerFor(`freezer-test-${version}-${process.pid}`, pid, [version]);

const kinds: Array<[string, (pid: () => number) => Freezer, boolean]> = [
  ['the v1 freezer cgroup (freezer.state)', byVersion('v1'), freezes('v1')],
  ['the v2 freezer (cgroup.freeze)', byVersion('v2'), freezes('v2')],
  ['SIGSTOP and SIGCONT', (pid) => new SignalFreezer(pid), true],
];

describe.each(kinds)('an environment frozen by %s', (_, make, available) => {
  it.skipIf(!available)('runs nothing while frozen, goes on once thawed, can be killed frozen, and leaves no group', async () => {
    // Given a ticking process that has started
    const { freezer, child, exited, lines } = ticking(make);
    await sleep(300);
    expect(lines()).toBeGreaterThan(0);
    // Then it prints nothing while frozen, and goes on once thawed
    await expectNoTicksWhileFrozen({ freeze: () => freezer.freeze(), thaw: () => freezer.thaw(), ticks: lines });
    // and frozen again, it still dies on SIGKILL once thawed, as the runtime process does it
    freezer.freeze();
    child.kill('SIGKILL');
    freezer.thaw();
    await exited;
    // and once released its group is gone
    freezer.release();
    if (freezer.joinFile) expect(existsSync(path.dirname(freezer.joinFile))).toBe(false);
  });
});

describe.skipIf(!freezes('v2'))('the v2 freezer', () => {
  it('says when every thread has stopped, and lets a frozen process die on SIGKILL without a thaw', async () => {
    // Given a ticking process in a v2 group
    const { freezer, child, exited } = ticking(byVersion('v2'));
    await sleep(300);
    const events = path.join(path.dirname(freezer.joinFile!), 'cgroup.events');
    // When it is frozen, Then the kernel soon says the whole group is
    freezer.freeze();
    let frozen = false;
    for (let waited = 0; waited < 1000 && !frozen; waited += 10) {
      frozen = /^frozen 1$/m.test(readFileSync(events, 'latin1'));
      if (!frozen) await sleep(10);
    }
    expect(frozen).toBe(true);
    // When it is killed frozen, Then it dies as it is (v1 holds a frozen task until it is thawed)
    child.kill('SIGKILL');
    expect(await exited).toBeDefined();
    freezer.release();
    expect(existsSync(path.dirname(freezer.joinFile!))).toBe(false);
  });
});
