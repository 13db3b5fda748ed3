import path from 'node:path';
import { rm } from 'node:fs/promises';
import { runCommand } from '../command.ts';
import { toolPaths, toolsDir } from '../paths.ts';
import { pins } from '../pins.ts';
import type { ToolStep } from '../step.ts';

const { version } = pins.node;
const prefix = path.join(toolsDir, 'node24');

/**
 * The npm registry ships Node itself as `node-<platform>-<arch>` (what the `node` package installs),
 * so the Node function runs locally on the Lambda runtime's major whatever Node the machine has.
 */
export const node24Step: ToolStep = {
  name: 'node',
  version,
  async installedVersion() {
    const out = await runCommand(toolPaths.node24, ['--version']).catch(() => '');
    return out.trim().replace(/^v/, '') || undefined;
  },
  async install(logFile) {
    await rm(prefix, { recursive: true, force: true });
    const pkg = `node-${process.platform}-${process.arch}@${version}`;
    await runCommand('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', pkg], {
      logFile,
    });
  },
};
