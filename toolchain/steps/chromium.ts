import { access } from 'node:fs/promises';
import { CommandError, runCommand } from '../command.ts';
import { toolPaths } from '../paths.ts';
import type { ToolStep } from '../step.ts';

const installCommand = 'apt-get install -y chromium';

/**
 * Debian's Chromium, the browser the HTML report is tested in. No registry this project installs
 * from ships a browser, so it comes from the system's packages: installed here where this user may
 * (root, apt-get present); otherwise the one command to run is said, and nothing else is tried.
 */
export const chromiumStep: ToolStep = {
  name: 'Chromium',
  async installedVersion() {
    const out = await runCommand(toolPaths.chromium, ['--version']).catch(() => '');
    return /Chromium ([\d.]+)/.exec(out)?.[1];
  },
  async install(logFile) {
    if (process.getuid?.() !== 0 || !(await found('/usr/bin/apt-get'))) {
      throw new CommandError(`no Chromium at ${toolPaths.chromium}, and only root can install it: run 'sudo ${installCommand}' (Debian's package), then run the tests again`);
    }
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await runCommand('apt-get', ['update', '-qq'], { env, logFile });
    await runCommand('apt-get', ['install', '-y', '-qq', 'chromium'], { env, logFile });
  },
};

function found(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
