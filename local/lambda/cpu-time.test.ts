import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchInside, type CgroupVersion } from './cgroup.ts';
import { CpuAccount } from './cpu-time.ts';

/** Spins for 300 ms of wall-clock time, then prints the CPU time it has used by its own reckoning, ms. */
const spinner = 'const until = Date.now() + 300; while (Date.now() < until); const { user, system } = process.cpuUsage(); console.log((user + system) / 1000)';

/** Whether this process may account environments' CPU time with the version here. */
function accounts(version: CgroupVersion): boolean {
  const probe = CpuAccount.create(`cpu-time-probe-${process.pid}`, [version]);
  probe?.remove();
  return probe !== undefined;
}

describe.each([
  ['v1 (cpuacct.usage)', 'v1'],
  ['v2 (cpu.stat usage_usec)', 'v2'],
] as const)('the CPU time an environment used, from %s', (_, version) => {
  it.skipIf(!accounts(version))("is what its process says it used, and the group is gone once it has exited", async () => {
    // Given a process that spins in its own group and says how much CPU it used
    const account = CpuAccount.create(`cpu-time-test-${version}-${process.pid}`, [version])!;
    const { command, args } = launchInside([account.joinFile], process.execPath, ['-e', spinner]);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let said = '';
    child.stdout.on('data', (chunk: Buffer) => (said += chunk.toString()));
    await new Promise((resolve) => child.once('exit', resolve));
    // Then the kernel's figure is its own, and its exit on top
    const own = Number(said);
    // It spun: on a machine shared with other work it gets less than its 300 ms, but never none.
    expect(own).toBeGreaterThan(30);
    expect(account.usedMs()).toBeGreaterThanOrEqual(own * 0.98);
    expect(account.usedMs()).toBeLessThan(own * 1.05 + 10);
    // When the group is removed, Then it is gone and reads nothing
    account.remove();
    expect(existsSync(path.dirname(account.joinFile))).toBe(false);
    expect(account.usedMs()).toBeUndefined();
  });
});
