import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CgroupVersion, Hierarchy } from './cgroup.ts';
import { cgroupV1 } from './cgroup-v1.ts';
import { cgroupV2 } from './cgroup-v2.ts';
import { CpuAccount } from './cpu-time.ts';
import { freezerFor } from './freezer.ts';
import { RuntimeProcess } from './runtime-process.ts';
import { expectNoTicksWhileFrozen } from './testing/frozen-timer.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether both the freezer and the CPU time can be had from the version here. */
function available(version: CgroupVersion): boolean {
  const freezer = freezerFor(`runtime-probe-${process.pid}`, () => -1, [version]);
  const account = CpuAccount.create(`runtime-probe-${process.pid}`, [version]);
  freezer.release();
  account?.remove();
  return freezer.joinFile !== undefined && account !== undefined;
}

/** A runtime whose 10 ms timer prints a line each time it fires, in the version's groups (its memory's where they are by default). */
function tickingRuntime(id: string, version: CgroupVersion) {
  let ticks = 0;
  let runtime!: RuntimeProcess;
  const exited = new Promise<string>((resolve) => {
    runtime = new RuntimeProcess({
      id,
      launch: { command: process.execPath, args: ['-e', 'setInterval(() => console.log("tick"), 10)'], env: {}, cwd: os.tmpdir() },
      runtimeApi: '127.0.0.1:9',
      memoryMb: 128,
      freezeIdle: true,
      cgroupVersions: [version],
      output: (lines) => (ticks += lines.length),
      exited: resolve,
    });
  });
  return { runtime, exited, ticks: () => ticks };
}

/** The group of the process in the hierarchy whose /proc/<pid>/cgroup line names `controllers` ('' for v2's). */
function groupOf(pid: number, controllers: string): string | undefined {
  const line = readFileSync(`/proc/${pid}/cgroup`, 'latin1')
    .split('\n')
    .find((entry) => entry.split(':')[1] === controllers);
  return line?.split(':')[2];
}

const versions: Array<[CgroupVersion, Array<[string, Hierarchy]>]> = [
  ['v1', [['freezer', cgroupV1('freezer')], ['cpuacct', cgroupV1('cpuacct')]]],
  ['v2', [['', cgroupV2]]],
];

describe.each(versions)('a runtime process whose freezer and CPU time are cgroup %s', (version, hierarchies) => {
  it.skipIf(!available(version))('joins its groups before it starts, runs no timer while frozen, and leaves no group once gone', async () => {
    // Given a runtime that has started
    const id = `runtime-test-${version}`;
    const { runtime, exited, ticks } = tickingRuntime(id, version);
    await sleep(300);
    expect(ticks()).toBeGreaterThan(0);
    // Then it is in its environment's group of every hierarchy (one for all of v2's)
    for (const [controllers] of hierarchies) expect(groupOf(runtime.pid, controllers)).toMatch(new RegExp(`/lambda-duel-${process.pid}/${id}$`));
    // Then its timer does not fire while it is frozen, and does once it is thawed
    await expectNoTicksWhileFrozen({ freeze: () => runtime.freeze(), thaw: () => runtime.thaw(), ticks });
    // and the kernel has accounted its CPU time
    expect(runtime.cpuUsedMs()).toBeGreaterThan(0);
    // When it is killed frozen, Then it dies, and its groups and their parent are gone
    runtime.freeze();
    runtime.kill();
    expect(await exited).toBe('signal: killed');
    for (const [, hierarchy] of hierarchies) expect(existsSync(path.join(hierarchy.own()!, `lambda-duel-${process.pid}`))).toBe(false);
  });
});
