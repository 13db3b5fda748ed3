import path from 'node:path';
import { CommandError } from './command.ts';
import { toolsDir } from './paths.ts';
import type { ToolStep } from './step.ts';
import { cargoLambdaStep } from './steps/cargo-lambda.ts';
import { chromiumStep } from './steps/chromium.ts';
import { dynamodbLocalStep } from './steps/dynamodb-local.ts';
import { k6Step } from './steps/k6.ts';
import { node24Step } from './steps/node24.ts';
import { pythonStep } from './steps/python.ts';
import { versitygwStep } from './steps/versitygw.ts';

/** What running anything locally needs: the stand-in's servers, its Node and Python runtimes, and k6. */
export const localToolSteps: readonly ToolStep[] = [versitygwStep, k6Step, dynamodbLocalStep, node24Step, pythonStep];

/** What only the tests add: a browser that opens the HTML report. */
export const testToolSteps: readonly ToolStep[] = [...localToolSteps, chromiumStep];

/** What only a deploy needs: the Rust cross-build for Lambda. */
export const deployToolSteps: readonly ToolStep[] = [cargoLambdaStep];

/**
 * Installs every pinned tool that is missing or at another version; a second run only checks.
 * Steps run side by side (one compiles, the others download) and each failure names its tool and log.
 */
export async function ensureToolchain(
  steps: readonly ToolStep[] = localToolSteps,
  report: (line: string) => void = console.error,
): Promise<void> {
  const results = await Promise.allSettled(steps.map((step) => ensureStep(step, report)));
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason.message)] : []));
  if (failures.length > 0) throw new CommandError(`toolchain failed: ${failures.join('; ')}`);
}

async function ensureStep(step: ToolStep, report: (line: string) => void): Promise<void> {
  const label = step.version === undefined ? step.name : `${step.name} ${step.version}`;
  const found = await step.installedVersion();
  if (found !== undefined && (step.version === undefined || found === step.version)) {
    report(`toolchain: ${step.name} ${found} ok`);
    return;
  }
  report(`toolchain: installing ${label}${found ? ` (replacing ${found})` : ''}…`);
  const started = performance.now();
  const logFile = path.join(toolsDir, 'logs', `${step.name.replaceAll(' ', '-').toLowerCase()}.log`);
  try {
    await step.install(logFile);
  } catch (error) {
    throw new CommandError(`${label}: ${(error as Error).message}`);
  }
  const installed = await step.installedVersion();
  if (installed === undefined || (step.version !== undefined && installed !== step.version)) {
    throw new CommandError(`${label}: installed, but found version '${installed ?? 'none'}' afterwards`);
  }
  report(`toolchain: ${step.name} ${installed} installed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
