import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { launchInside } from './cgroup.ts';
import { cpuCgroupsAvailable, CpuCgroup } from './cpu-cgroup.ts';

/** Spins for 400 ms of wall-clock time, then prints the share of a core it got meanwhile. */
const spinner = [
  'const before = process.cpuUsage(); const started = Date.now();',
  'while (Date.now() - started < 400);',
  'const { user, system } = process.cpuUsage(before); console.log((user + system) / 1000 / (Date.now() - started))',
].join(' ');

// v2's `cpu.max` runs only where v2 has the cpu controller (not on the machine this was written on,
// whose controllers are all on v1); v1's run of the same test is what vouches for the test.
describe.each(['v1', 'v2'] as const)('the CPU quota of cgroup %s', (version) => {
  it.skipIf(!cpuCgroupsAvailable([version]))('holds an environment past INIT to its share of a core', async () => {
    // Given a group at a quarter of a core once INIT is over
    const cpu = CpuCgroup.create(`cpu-cgroup-test-${version}`, { invokeVcpus: 0.25, initVcpus: 1, capped: false }, [version])!;
    cpu.enterInvokePhase();
    // When a process in it spins
    const { command, args } = launchInside([cpu.joinFile], process.execPath, ['-e', spinner]);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let said = '';
    child.stdout.on('data', (chunk: Buffer) => (said += chunk.toString()));
    await new Promise((resolve) => child.once('exit', resolve));
    cpu.remove();
    // Then it got about a quarter of a core
    expect(Number(said)).toBeGreaterThan(0.15);
    expect(Number(said)).toBeLessThan(0.25 * 1.25);
  });
});
