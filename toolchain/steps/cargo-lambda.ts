import path from 'node:path';
import { rm } from 'node:fs/promises';
import { runCommand } from '../command.ts';
import { toolsDir } from '../paths.ts';
import { pins } from '../pins.ts';
import type { ToolStep } from '../step.ts';

const { version, zig } = pins.cargoLambda;
const venv = path.join(toolsDir, 'cargo-lambda');

/**
 * Where the cross-build finds its tools: `cargo-lambda` (a cargo subcommand: `cargo lambda …`) in the venv's `bin/`, and zig through that
 * venv's `python3 -m ziglang`, which cargo-lambda falls back to when no `zig` is on PATH. Putting
 * `bin` first on PATH is all a caller has to do.
 */
export const cargoLambdaPaths = {
  bin: path.join(venv, 'bin'),
  cargoLambda: path.join(venv, 'bin', 'cargo-lambda'),
  python: path.join(venv, 'bin', 'python3'),
} as const;

/** Both pins in one label, so a change to either reinstalls. */
const label = `${version} (zig ${zig})`;

/** cargo-lambda and zig from PyPI into their own venv: no system Python package is touched. */
export const cargoLambdaStep: ToolStep = {
  name: 'cargo-lambda',
  version: label,
  async installedVersion() {
    const lambda = await runCommand(cargoLambdaPaths.cargoLambda, ['lambda', '--version']).catch(() => '');
    const zigVersion = await runCommand(cargoLambdaPaths.python, ['-m', 'ziglang', 'version']).catch(() => '');
    const found = /cargo-lambda (\S+)/.exec(lambda)?.[1];
    return found && zigVersion.trim() ? `${found} (zig ${zigVersion.trim()})` : undefined;
  },
  async install(logFile) {
    await rm(venv, { recursive: true, force: true });
    await runCommand('python3', ['-m', 'venv', venv], { logFile });
    await runCommand(
      cargoLambdaPaths.python,
      ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', `cargo-lambda==${version}`, `ziglang==${zig}`],
      { logFile },
    );
  },
};
