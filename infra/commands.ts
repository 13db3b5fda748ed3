import path from 'node:path';
import { rm } from 'node:fs/promises';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { architectures, functionNames, functions, type Architecture, type FunctionName } from '../functions.config.ts';
import { bundleNodeFunction } from '../handlers/bundle.ts';
import { loadPricing } from '../compare/pricing.ts';
import { badInput, CommandError, runCommand } from '../toolchain/command.ts';
import { deployToolSteps, ensureToolchain } from '../toolchain/index.ts';
import { parseOptions } from '../toolchain/options.ts';
import { repoRoot } from '../toolchain/paths.ts';
import { measureColdStarts, writeColdStarts } from './aws/cold-starts.ts';
import { confirmRunCost } from './aws/confirm-cost.ts';
import { destroyStack } from './aws/destroy.ts';
import { resolveApiUrl } from './aws/discover.ts';
import { defaultOutputsFile, readOutputsFile } from './aws/outputs.ts';
import { defaultStackName, functionNameFor } from './names.ts';
import { buildRustLambda } from './rust-lambda.ts';
import { declaredArchitecture } from './settings.ts';

import type { Command } from '../cli/commands.ts';

const cdk = path.join(repoRoot, 'node_modules', '.bin', 'cdk');

/** `build-lambda [--architecture arm64|x86_64]`: every artefact the stack deploys, for one architecture. */
async function buildLambda(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { architecture: { type: 'string' } });
  await buildDeployables(readArchitecture(values.architecture));
  return 0;
}

/**
 * `deploy [--architecture …] [--throttle-rate N] [--throttle-burst N]`: builds, then `cdk deploy`,
 * which writes the stack's outputs to `results/aws/outputs.json` for the tools and scenarios.
 */
async function deploy(args: string[]): Promise<number> {
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

/** `destroy`: deletes the stack and everything in it, the bucket's objects included. */
async function destroy(): Promise<number> {
  await destroyStack(new CloudFormationClient({}), defaultStackName);
  await rm(defaultOutputsFile, { force: true });
  return 0;
}

/** `discover`: prints the deployed API's base URL, from the outputs file or API Gateway. */
async function discover(): Promise<number> {
  console.log(await resolveApiUrl(new ApiGatewayV2Client({}), defaultStackName));
  return 0;
}

/**
 * `cold-starts [--rounds N] [--functions node,rust] [--yes] [--pricing FILE] [--out FILE]`:
 * forces N cold starts per function on AWS and keeps every measurement.
 */
async function coldStarts(args: string[]): Promise<number> {
  const { values } = parseOptions(args, {
    rounds: { type: 'string', default: '10' },
    functions: { type: 'string', default: functionNames.join(',') },
    yes: { type: 'boolean', default: false },
    pricing: { type: 'string' },
    out: { type: 'string', default: path.join(repoRoot, 'results', 'aws', 'cold-starts.json') },
  });
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 1000) {
    throw new CommandError(`invalid --rounds: expected a whole number from 1 to 1000, got '${values.rounds}'`, badInput);
  }
  const names = readFunctionNames(values.functions!);
  const deployed = await readOutputsFile(defaultStackName);
  const architecture = deployed?.architecture ?? declaredArchitecture();
  confirmRunCost(
    {
      label: `cold starts (${rounds} rounds × ${names.join(', ')})`,
      requests: Object.fromEntries(names.map((name) => [name, rounds])),
      architecture,
      throughApi: false,
      allCold: true,
    },
    { pricing: await loadPricing(values.pricing), yes: values.yes! },
  );
  const lambda = new LambdaClient({});
  const startedAt = new Date().toISOString();
  const records = await measureColdStarts({
    lambda,
    targets: names.map((name) => ({ name, functionName: deployed?.functionNames[name] ?? functionNameFor(defaultStackName, name) })),
    rounds,
    runId: startedAt.replace(/[^0-9]/g, ''),
  });
  const region = await lambda.config.region();
  await writeColdStarts(values.out!, { startedAt, region, architecture, records });
  console.error(`cold starts: ${records.length} measurements in ${path.relative(process.cwd(), values.out!)}`);
  return 0;
}

/** The Node bundles and the Rust binary for Lambda, for one architecture. */
async function buildDeployables(architecture: Architecture): Promise<void> {
  await ensureToolchain(deployToolSteps);
  for (const name of functionNames) {
    const { code } = functions[name];
    if (code.kind !== 'node') continue;
    const bundle = await bundleNodeFunction(code);
    console.error(`build: ${name} bundle ${path.relative(repoRoot, bundle.file)} ${bundle.bytes.toLocaleString('en-US')} bytes`);
  }
  const rust = await buildRustLambda(architecture);
  console.error(`build: rust for Lambda ${path.relative(repoRoot, rust.file)} ${rust.bytes.toLocaleString('en-US')} bytes`);
}

function readArchitecture(value: string | undefined): Architecture {
  if (value === undefined) return declaredArchitecture();
  if (architectures.includes(value as Architecture)) return value as Architecture;
  throw new CommandError(`invalid --architecture: expected ${architectures.join(' or ')}, got '${value}'`, badInput);
}

function readFunctionNames(list: string): FunctionName[] {
  const names = list.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !functionNames.includes(name as FunctionName));
  if (names.length === 0 || unknown.length > 0) {
    throw new CommandError(`invalid --functions: expected some of ${functionNames.join(', ')}, got '${list}'`, badInput);
  }
  return names as FunctionName[];
}

export const infraCommands: Record<string, Command> = {
  'build-lambda': buildLambda,
  deploy,
  destroy,
  discover,
  'cold-starts': coldStarts,
};
