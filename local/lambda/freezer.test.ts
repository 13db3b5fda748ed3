import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { launchInside } from './cgroup-v1.ts';
import { freezerFor, SignalFreezer, type Freezer } from './freezer.ts';

/** A process that prints a line every 10 ms; the count of lines is how much it ran. */
function ticking(freezer: (pid: () => number) => Freezer) {
  let pid = -1;
  const held = freezer(() => pid);
  const { command, args } = launchInside(held.tasksFile ? [held.tasksFile] : [], process.execPath, ['-e', 'setInterval(() => console.log("tick"), 10)']);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  pid = child.pid!;
  let lines = 0;
  child.stdout.on('data', (chunk: Buffer) => (lines += chunk.toString().split('\n').length - 1));
  return { freezer: held, child, lines: () => lines };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const kinds: Array<[string, (pid: () => number) => Freezer]> = [
  ['the freezer cgroup where one can be made', (pid) => freezerFor(`freezer-test-${process.pid}`, pid)],
  ['SIGSTOP and SIGCONT', (pid) => new SignalFreezer(pid)],
];

describe.each(kinds)('an environment frozen by %s', (_, make) => {
  it('runs nothing while frozen, goes on once thawed, and can be killed frozen', async () => {
    // Given a ticking process that has started
    const { freezer, child, lines } = ticking(make);
    await sleep(300);
    expect(lines()).toBeGreaterThan(0);
    // When it is frozen for 300 ms, Then it prints nothing
    freezer.freeze();
    await sleep(50);
    const frozenAt = lines();
    await sleep(300);
    expect(lines()).toBe(frozenAt);
    // When it is thawed, Then it goes on
    freezer.thaw();
    await sleep(200);
    expect(lines()).toBeGreaterThan(frozenAt + 5);
    // and frozen again, it still dies on SIGKILL once thawed, as the runtime process does it
    freezer.freeze();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    freezer.thaw();
    await exited;
    freezer.release();
  });
});
