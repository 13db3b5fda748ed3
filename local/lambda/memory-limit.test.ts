import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { launchInside } from './cgroup.ts';
import { MemoryGauge } from './memory.ts';
import { KernelLimit, memoryLimit, SampledLimit, type MemoryLimit } from './memory-limit.ts';

/** A Node process that holds `mb` MB, every page written, until it is killed or 5 s pass. */
function holding(limit: MemoryLimit, mb: number) {
  const script = `globalThis.held = Buffer.alloc(${mb} * 1024 * 1024, 1); setTimeout(() => {}, 5000)`;
  const { command, args } = launchInside(limit.joinFile ? [limit.joinFile] : [], process.execPath, ['-e', script]);
  const child = spawn(command, args, { stdio: 'ignore' });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, exited };
}

const kernel = memoryLimit('memory-limit-test-probe', 64);
const cgroupsWritable = kernel instanceof KernelLimit;
kernel.release();

describe.skipIf(!cgroupsWritable)('the kernel limit (memory cgroup v1)', () => {
  it('lets the OOM killer end a runtime past its size, and tells that death from others', async () => {
    // Given a runtime held to 96 MB by its cgroup
    const limit = memoryLimit('memory-limit-test-over', 96);

    // When it writes 200 MB
    const { exited } = holding(limit, 200);

    // Then the kernel kills it, and the cgroup says why
    const [, signal] = await exited;
    expect(signal).toBe('SIGKILL');
    expect(limit.oomKilled()).toBe(true);
    limit.release();
  });

  it('leaves a runtime within its size alone', async () => {
    // Given a runtime held to 256 MB that writes 20 MB
    const limit = memoryLimit('memory-limit-test-within', 256);
    const { child, exited } = holding(limit, 20);
    await new Promise((resolve) => setTimeout(resolve, 300));

    // When something else kills it
    child.kill('SIGKILL');
    await exited;

    // Then that death is not put down to memory
    expect(limit.oomKilled()).toBe(false);
    limit.release();
  });
});

describe('the sampled limit (no cgroups)', () => {
  it('calls a runtime over its size while an invocation runs, and sees the peak as it ends', async () => {
    // Given a runtime sampled against 64 MB while it writes 150 MB
    const limit = new SampledLimit(64);
    const { child, exited } = holding(limit, 150);
    const gauge = new MemoryGauge(child.pid!);

    // When it is watched
    const over = new Promise<void>((resolve) => limit.watch(gauge, resolve));
    await over;
    limit.unwatch();

    // Then it is called over its size, and its peak says so when the invocation ends
    expect(limit.exceeded(gauge)).toBe(true);
    child.kill('SIGKILL');
    await exited;
    gauge.close();
  });
});
