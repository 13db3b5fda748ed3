import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './paths.ts';

/** Runs the slow-cleanup script, sends it `signals` once its cleanup has begun, and gathers what it said and how it ended. */
async function interruptCleanup(signals: NodeJS.Signals[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'toolchain/testing/slow-cleanup.ts'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  child.stdout.on('data', (chunk: Buffer) => {
    const first = !stdout.includes('cleaning');
    stdout += chunk;
    // Apart, as a user presses the keys: two of the same signal sent together may arrive as one.
    if (first && stdout.includes('cleaning')) signals.forEach((signal, index) => setTimeout(() => child.kill(signal), index * 200));
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { stdout, stderr, code };
}

describe('a command interrupted while it cleans up', () => {
  it('finishes the cleanup on Ctrl-C, says so, and exits 130', async () => {
    const { stdout, stderr, code } = await interruptCleanup(['SIGINT']);
    expect(stdout).toContain('cleaned');
    expect(stdout).not.toContain('done');
    expect(stderr).toContain('SIGINT: still cleaning up (again to stop at once)');
    expect(code).toBe(130);
  });

  it('stops at once on a second signal', async () => {
    const { stdout, code } = await interruptCleanup(['SIGINT', 'SIGINT']);
    expect(stdout).not.toContain('cleaned');
    expect(code).toBe(130);
  });
});
