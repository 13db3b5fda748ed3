import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionDeclaration } from '../../functions.config.ts';
import { startStandIn, type StandIn } from '../stand-in.ts';
import { storageFromEnv } from '../storage/index.ts';
import { reportsSince } from '../testing/run-records.ts';
import { testFunctionDir, type TestFunction } from '../testing/test-functions.ts';
import { cpuCgroupsAvailable } from './cpu-cgroup.ts';
import { cpuShare, megabytesPerVcpu, type CpuModel } from './cpu-model.ts';

/** A test function at a memory size, routed as `/<name>-<size>`. */
function testFunctionAt(name: TestFunction, memoryMb: number): FunctionDeclaration {
  return {
    name: `${name}-${memoryMb}`,
    route: { method: 'POST', path: `/${name}-${memoryMb}` },
    code: { kind: 'node', lambdaRuntime: 'nodejs24.x', handler: 'index.handler', entry: '', bundleDir: testFunctionDir(name) },
    architecture: 'x86_64',
    memoryMb,
    timeoutSeconds: 5,
    reservedConcurrency: 1,
    usesStorage: false,
    environment: {},
  };
}

/** How often the ticker's 10 ms background timer has fired. */
async function ticks(standIn: StandIn): Promise<number> {
  const response = await fetch(`${standIn.url}/ticker-256`, { method: 'POST' });
  return ((await response.json()) as { ticks: number }).ticks;
}

/** The timer's firings over 600 ms in which the environment had no invocation. */
async function ticksWhileIdle(standIn: StandIn): Promise<number> {
  const before = await ticks(standIn);
  await new Promise((resolve) => setTimeout(resolve, 600));
  return (await ticks(standIn)) - before;
}

/** CPU time the function got while spinning `ms` of wall-clock time. */
async function spin(standIn: StandIn, memoryMb: number, ms: number): Promise<{ wallMs: number; cpuMs: number }> {
  const response = await fetch(`${standIn.url}/spin-${memoryMb}`, { method: 'POST', body: JSON.stringify({ ms }) });
  expect(response.status).toBe(200);
  return (await response.json()) as { wallMs: number; cpuMs: number };
}

async function standInWith(cpuModel: CpuModel): Promise<StandIn> {
  return startStandIn({
    functions: [testFunctionAt('spin', 128), testFunctionAt('spin', megabytesPerVcpu), testFunctionAt('ticker', 256)],
    storage: storageFromEnv(process.env),
    logDir: mkdtempSync(path.join(os.tmpdir(), 'lambda-duel-cpu-')),
    cpuModel,
  });
}

describe('the CPU share of a memory size', () => {
  it('is memory / 1,769 MB of a core while invoked, two cores during INIT, capped at the machine', () => {
    expect(cpuShare(128, 2)).toEqual({ invokeVcpus: 128 / 1769, initVcpus: 2, capped: false });
    expect(cpuShare(1769, 2).invokeVcpus).toBe(1);
    expect(cpuShare(10_240, 2)).toEqual({ invokeVcpus: 2, initVcpus: 2, capped: true });
    expect(cpuShare(256, 1)).toMatchObject({ initVcpus: 1, capped: false });
  });
});

describe.skipIf(!cpuCgroupsAvailable())('the Lambda CPU model (a cpu cgroup)', () => {
  let standIn: StandIn;

  beforeAll(async () => {
    standIn = await standInWith('lambda');
    // Past INIT, so each environment is at its invoke share.
    await spin(standIn, 128, 1);
    await spin(standIn, megabytesPerVcpu, 1);
  });

  afterAll(() => standIn?.stop());

  it('gives an environment at 128 MB about 1/14 of the CPU time of one at 1,769 MB', async () => {
    // When each spins for 800 ms of wall-clock time, one after the other
    const small = await spin(standIn, 128, 800);
    const large = await spin(standIn, megabytesPerVcpu, 800);
    // Then the small one got about its share of a core, and about 128/1,769 of the large one's CPU
    expect(small.cpuMs / small.wallMs).toBeLessThan((128 / megabytesPerVcpu) * 1.25);
    expect(small.cpuMs / large.cpuMs).toBeGreaterThan(0.05);
    expect(small.cpuMs / large.cpuMs).toBeLessThan(0.11);
    expect(standIn.cpuModel).toBe('lambda');
  });

  it('reports the CPU time each invocation used, as the kernel accounted it, beside the share it had', async () => {
    // Given a spin of 300 ms at 1,769 MB, whose handler says how much CPU it got
    const since = Date.now();
    const { cpuMs } = await spin(standIn, megabytesPerVcpu, 300);
    // Then its REPORT record says about as much (the runtime client's own work on top), and the share
    const [record] = await reportsSince(standIn, `spin-${megabytesPerVcpu}`, since, 1);
    expect(record?.cpuTimeMs).toBeGreaterThanOrEqual(cpuMs * 0.95);
    expect(record?.cpuTimeMs).toBeLessThan(cpuMs * 1.2 + 5);
    expect(record?.cpuVcpus).toBe(1);
  });

  it("freezes an environment waiting for work: its timers do not fire until the next invocation", async () => {
    // Given a function whose background timer fires every 10 ms, When it is idle for 600 ms
    // Then the timer barely fired (only while the two invocations ran)
    expect(await ticksWhileIdle(standIn)).toBeLessThan(5);
  });
});

describe('the whole-cores model', () => {
  it('lets an environment at 128 MB use a whole core, and an idle one run, as the stand-in did before the model', async () => {
    const standIn = await standInWith('whole-cores');
    try {
      await spin(standIn, 128, 1);
      const small = await spin(standIn, 128, 400);
      expect(small.cpuMs / small.wallMs).toBeGreaterThan(0.5);
      // and lets an idle one run: its 10 ms timer fires all the while
      expect(await ticksWhileIdle(standIn)).toBeGreaterThan(30);
    } finally {
      await standIn.stop();
    }
  });
});
