import path from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { FunctionName } from '../../functions.config.ts';
import type { Pricing } from '../../compare/pricing.ts';
import type { ColdStarts } from '../../formats/cold-starts.ts';
import { defaultStackName, functionNameFor } from '../names.ts';
import { declaredArchitecture } from '../settings.ts';
import { measureColdStarts } from './cold-starts.ts';
import { confirmRunCost } from './confirm-cost.ts';
import { readOutputsFile } from './outputs.ts';

/** Rounds per function unless asked otherwise: enough for a median and a spread, at a few cents. */
export const defaultColdStartRounds = 10;

export interface ColdStartPlan {
  lambda: LambdaClient;
  functions: readonly FunctionName[];
  rounds: number;
  pricing: Pricing;
  /** `--yes`: the estimated cost was seen and accepted. */
  yes: boolean;
}

/**
 * Forced cold starts on the deployed stack: finds each function (from the outputs file, else by
 * the name the stack gives it), prints the estimated cost and stops there unless it was accepted,
 * then measures `rounds` cold starts per function and returns every measurement.
 */
export async function coldStartsOnAws(plan: ColdStartPlan): Promise<ColdStarts> {
  const { lambda, functions, rounds } = plan;
  const deployed = await readOutputsFile(defaultStackName);
  const architecture = deployed?.architecture ?? declaredArchitecture();
  confirmRunCost(
    {
      label: `cold starts (${rounds} rounds × ${functions.join(', ')})`,
      requests: Object.fromEntries(functions.map((name) => [name, rounds])),
      architecture,
      throughApi: false,
      allCold: true,
    },
    { pricing: plan.pricing, yes: plan.yes },
  );
  const startedAt = new Date().toISOString();
  const records = await measureColdStarts({
    lambda,
    targets: functions.map((name) => ({ name, functionName: deployed?.functionNames[name] ?? functionNameFor(defaultStackName, name) })),
    rounds,
    runId: startedAt.replace(/[^0-9]/g, ''),
  });
  return { startedAt, region: await lambda.config.region(), architecture, records };
}

/** The measurements as they are kept: raw, one record per round, beside when and where they were taken. */
export async function writeColdStarts(file: string, run: ColdStarts): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(run, null, 2)}\n`);
}
