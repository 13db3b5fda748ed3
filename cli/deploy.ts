import path from 'node:path';
import { architectures, deployedFunctions, type Architecture, type DeployedFunction } from '../functions.config.ts';
import { bundleNodeFunction } from '../handlers/bundle.ts';
import { defaultOutputsFile, readOutputsFile } from '../infra/aws/outputs.ts';
import { defaultStackName } from '../infra/names.ts';
import { buildRustLambda } from '../infra/rust-lambda.ts';
import { bundlePythonFunction } from '../python/bundle.ts';
import { declaredArchitecture } from '../infra/settings.ts';
import { badInput, CommandError, runCommand } from '../toolchain/command.ts';
import { deployToolSteps, ensureToolchain } from '../toolchain/index.ts';
import { parseOptions } from '../toolchain/options.ts';
import { repoRoot } from '../toolchain/paths.ts';

const cdk = path.join(repoRoot, 'node_modules', '.bin', 'cdk');

/** `build-lambda [--architecture arm64|x86_64]`: every artefact the stack deploys, for one architecture. */
export async function buildLambda(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { architecture: { type: 'string' } });
  await buildDeployables(readArchitecture(values.architecture));
  return 0;
}

/**
 * `deploy [--architecture …] [--throttle-rate N] [--throttle-burst N]`: builds, then `cdk deploy`,
 * which writes the stack's outputs to `results/aws/outputs.json` for the tools and scenarios.
 */
export async function deploy(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    architecture: { type: 'string' },
    'throttle-rate': { type: 'string' },
    'throttle-burst': { type: 'string' },
  });
  const architecture = readArchitecture(values.architecture);
  await buildDeployables(architecture);
  const context = ['-c', `architecture=${architecture}`];
  if (values['throttle-rate']) context.push('-c', `throttleRate=${values['throttle-rate']}`);
  if (values['throttle-burst']) context.push('-c', `throttleBurst=${values['throttle-burst']}`);
  console.error('deploy: cdk bootstrap (once per account and region; a no-op after that)…');
  await runCommand(cdk, ['bootstrap', '--no-notices', ...context], { cwd: repoRoot, echo: true });
  console.error(`deploy: cdk deploy ${defaultStackName} (${architecture})…`);
  await runCommand(
    cdk,
    ['deploy', defaultStackName, '--no-notices', '--require-approval', 'never', '--outputs-file', defaultOutputsFile, ...context],
    { cwd: repoRoot, echo: true },
  );
  const deployed = await readOutputsFile(defaultStackName);
  console.error(`deploy: ${deployed?.apiUrl ?? '?'} — outputs in ${path.relative(process.cwd(), defaultOutputsFile)}`);
  return 0;
}

/** Every deployed function's artefact for Lambda (the API's and the thumbnailers), for one architecture: what the stack deploys. */
async function buildDeployables(architecture: Architecture): Promise<void> {
  await ensureToolchain(deployToolSteps);
  for (const fn of deployedFunctions) {
    const built = await buildDeployable(fn, architecture);
    console.error(`build: ${fn.name} for Lambda ${path.relative(repoRoot, built.file)} ${built.bytes.toLocaleString('en-US')} bytes`);
  }
}

async function buildDeployable(fn: DeployedFunction, architecture: Architecture): Promise<{ file: string; bytes: number }> {
  const { code } = fn;
  if (code.kind === 'node') return bundleNodeFunction(code, architecture);
  if (code.kind === 'python') {
    const { zip } = await bundlePythonFunction(code, { kind: 'lambda', architecture });
    return zip;
  }
  return buildRustLambda({ ...fn, code }, architecture);
}

function readArchitecture(value: string | undefined): Architecture {
  if (value === undefined) return declaredArchitecture();
  if (architectures.includes(value as Architecture)) return value as Architecture;
  throw new CommandError(`invalid --architecture: expected ${architectures.join(' or ')}, got '${value}'`, badInput);
}
