import path from 'node:path';
import { runCommand } from '../command.ts';
import { toolPaths } from '../paths.ts';
import { pins } from '../pins.ts';
import type { ToolStep } from '../step.ts';

const { module, command, version } = pins.versitygw;

/** Built from source through the Go module proxy; `go version -m` reads the module version baked into the binary. */
export const versitygwStep: ToolStep = {
  name: 'versitygw',
  version,
  async installedVersion() {
    const info = await runCommand('go', ['version', '-m', toolPaths.versitygw]).catch(() => '');
    return info.match(new RegExp(`^\\s*mod\\s+${module.replaceAll('.', '\\.')}\\s+(\\S+)`, 'm'))?.[1];
  },
  async install(logFile) {
    await runCommand('go', ['install', `${module}/${command}@${version}`], {
      env: { ...process.env, GOBIN: path.dirname(toolPaths.versitygw), GOFLAGS: '-trimpath' },
      logFile,
    });
  },
};
