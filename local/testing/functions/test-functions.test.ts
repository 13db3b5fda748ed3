import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useBundledRuntime } from '../bundled-runtime.ts';
import { testFunctionDir, type TestFunction } from '../test-functions.ts';

/** Resident memory of a process, from /proc, in MB. */
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

describe('test functions under the Node runtime', () => {
  const runtime = useBundledRuntime();

  const start = (name: TestFunction) => runtime.start(testFunctionDir(name), 'index.handler');

  it('sleep answers 200 after the milliseconds its body names', async () => {
    // Given the sleep function
    const sleeping = await start('sleep');

    // When it is asked to sleep 300 ms
    const startedAt = performance.now();
    const { report } = await sleeping.invoke({ body: JSON.stringify({ ms: 300 }) });

    // Then it answers 200, no sooner
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(300);
    expect(JSON.parse(report.body)).toMatchObject({ statusCode: 200 });
  });

  it('allocate grows the resident memory by the MB its body names, and holds it', async () => {
    // Given the allocate function, warmed up so its own footprint is in place
    const allocating = await start('allocate');
    await allocating.invoke({ body: JSON.stringify({ mb: 1 }) });
    const before = rssMb(allocating.pid);

    // When it is asked for 64 MB, twice
    await allocating.invoke({ body: JSON.stringify({ mb: 64 }) });
    const { report } = await allocating.invoke({ body: JSON.stringify({ mb: 64 }) });

    // Then the process holds about 128 MB more, and says so
    expect(rssMb(allocating.pid) - before).toBeGreaterThan(120);
    expect(JSON.parse(JSON.parse(report.body).body)).toEqual({ heldMb: 129 });
  });
});
