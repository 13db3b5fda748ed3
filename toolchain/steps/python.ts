import path from 'node:path';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { runCommand } from '../command.ts';
import { toolPaths } from '../paths.ts';
import { pins } from '../pins.ts';
import type { ToolStep } from '../step.ts';

const { tools, wheels } = pins.python;

/** The tools in one label, so a change to any pin reinstalls. */
const label = Object.entries(tools)
  .map(([name, version]) => `${name} ${version}`)
  .join(', ');

/** What `pip --require-hashes` installs: every wheel pinned by version and sha256, nothing resolved. */
export function hashedRequirements(): string {
  return wheels.map(({ name, version, sha256 }) => `${name}==${version} --hash=sha256:${sha256}\n`).join('');
}

/**
 * The venv that runs the Python functions locally (awslambdaric, as Lambda's python runtime does)
 * and tests them (pytest, ruff, and Pillow to make and read the thumbnailer's images), from the
 * machine's python3. It holds no boto3: the functions run on the copy vendored into their
 * artefacts, as they must on AWS. Its Pillow is the tests': the thumbnailer imports its artefact's
 * own, whose folder comes first on the path (python/bundle.test.ts runs it with nothing else).
 */
export const pythonStep: ToolStep = {
  name: 'python tools',
  version: label,
  async installedVersion() {
    const script = `import importlib.metadata as m; print(', '.join(f'{n} {m.version(n)}' for n in ${JSON.stringify(Object.keys(tools))}))`;
    const out = await runCommand(toolPaths.python, ['-c', script]).catch(() => '');
    return out.trim() || undefined;
  },
  async install(logFile) {
    await rm(toolPaths.pythonVenv, { recursive: true, force: true });
    await runCommand('python3', ['-m', 'venv', toolPaths.pythonVenv], { logFile });
    const requirements = path.join(toolPaths.pythonVenv, 'requirements.txt');
    await mkdir(path.dirname(requirements), { recursive: true });
    await writeFile(requirements, hashedRequirements());
    await runCommand(
      toolPaths.python,
      ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--require-hashes', '--only-binary=:all:', '--no-deps', '-r', requirements],
      { logFile },
    );
  },
};
