import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../local/process/free-port.ts';
import { repoRoot } from '../toolchain/paths.ts';

/** Every process whose parent chain leads to `root`, read from /proc. */
function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      // The command name in field 2 may hold spaces; the parent pid follows its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone while we looked
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parents) if (parent === pid) walk(found[found.push(child) - 1]!);
  };
  walk(root);
  return found;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => resolve(!socket.destroy()));
    socket.on('error', () => resolve(false));
  });

describe('npm run local', () => {
  it('is gone, with every process it started and its port, within 2 s of a Ctrl-C', async () => {
    // Given the stand-in serving in the foreground, in a process group of its own as a terminal would start it
    const port = await freePort();
    const local = spawn(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), ['cli/main.ts', 'local'], {
      cwd: repoRoot,
      env: { ...process.env, LOCAL_PORT: String(port) },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      local.stdout.on('data', (chunk: Buffer) => (output += chunk) && output.includes('Ctrl-C stops everything') && resolve());
      local.once('exit', (code) => reject(new Error(`npm run local exited (${code}) before it served: ${output}`)));
    });
    await fetch(`http://127.0.0.1:${port}/rust`, { method: 'POST' }).then((answer) => answer.text());
    const started = [local.pid!, ...descendants(local.pid!)];
    expect(started.length).toBeGreaterThan(3);

    // When Ctrl-C reaches its process group
    const pressed = performance.now();
    process.kill(-local.pid!, 'SIGINT');
    while (started.some(alive) && performance.now() - pressed < 10_000) await new Promise((resolve) => setTimeout(resolve, 20));
    const tookMs = performance.now() - pressed;

    // Then nothing it started is left, the port is free, and it took under 2 s
    expect(started.filter(alive)).toEqual([]);
    expect(await listening(port)).toBe(false);
    expect(tookMs).toBeLessThan(2_000);
  }, 180_000);
});
