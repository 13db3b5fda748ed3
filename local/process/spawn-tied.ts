import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';

const running = new Set<ChildProcess>();

// A parent that dies without cleaning up must not leave servers or environments holding ports and
// memory: the kernel kills them with it (PR_SET_PDEATHSIG through util-linux `setpriv`, which then
// execs the command, so the pid is the command's), and a normal exit kills them here.
const deathSignalWrapper = existsSync('/usr/bin/setpriv') ? ['/usr/bin/setpriv', '--pdeathsig', 'SIGKILL', '--'] : [];
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * spawn() for processes that must not outlive this one. They get their own process group, so a
 * Ctrl-C reaches only this process, which then stops them in order.
 */
export function spawnTied(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const [program, ...rest] = [...deathSignalWrapper, command, ...args];
  const child = spawn(program!, rest, { ...options, detached: deathSignalWrapper.length > 0 });
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.once('error', () => running.delete(child));
  return child;
}
