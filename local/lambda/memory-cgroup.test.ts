import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { launchInside, type CgroupVersion } from './cgroup.ts';
import { MemoryCgroup } from './memory-cgroup.ts';

/** Whether this process may make memory cgroups of the version here. */
function limits(version: CgroupVersion): boolean {
  const probe = MemoryCgroup.create(`memory-cgroup-probe-${process.pid}`, 64, [version]);
  probe?.remove();
  return probe !== undefined;
}

// v2's `memory.max` runs only where v2 has the memory controller (not on the machine this was
// written on, whose controllers are all on v1); v1's run of the same test is what vouches for it.
describe.each(['v1', 'v2'] as const)('the memory limit of cgroup %s', (version) => {
  it.skipIf(!limits(version))('has the OOM killer end a process past it, and says so', async () => {
    // Given a group limited to 96 MB, When a process in it writes 200 MB
    const memory = MemoryCgroup.create(`memory-cgroup-test-${version}`, 96, [version])!;
    const { command, args } = launchInside([memory.joinFile], process.execPath, ['-e', 'globalThis.held = Buffer.alloc(200 * 1024 * 1024, 1)']);
    const [, signal] = (await once(spawn(command, args, { stdio: 'ignore' }), 'exit')) as [number | null, NodeJS.Signals | null];
    // Then the kernel kills it, and the group counts the kill
    expect(signal).toBe('SIGKILL');
    expect(memory.oomKilled()).toBe(true);
    memory.remove();
  });
});
