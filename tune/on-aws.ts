import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { withCleanup } from '../toolchain/interrupt.ts';
import type { Pricing } from '../compare/pricing.ts';
import type { RunSummary } from '../formats/summary.ts';
import type { ContenderName, PerContender } from '../functions.config.ts';
import type { WaiterTiming } from '../infra/aws/configuration-update.ts';
import { confirmRunsCost } from '../infra/aws/confirm-cost.ts';
import { memorySizer, readTunedFunctions, type TunedFunction } from '../infra/aws/memory-sizes.ts';
import { defaultOutputsFile, readOutputsFile } from '../infra/aws/outputs.ts';
import { collectReports, runWindow, writeReportRecords, type ReportPolling } from '../infra/aws/report-logs.ts';
import { defaultStackName, functionNameFor } from '../infra/names.ts';
import { declaredArchitecture } from '../infra/settings.ts';

/** A size's load is done and not yet compared: its REPORT lines go into its run folder now. */
export type AfterLoad = (summary: RunSummary, runDir: string) => Promise<void>;

export interface AwsTuningOptions {
  lambda: LambdaClient;
  logs: CloudWatchLogsClient;
  sizes: readonly number[];
  contenders: readonly ContenderName[];
  /** What one size's ramp sends each contender, from its profile: for the estimate. */
  requestsPerSize: PerContender<number>;
  pricing: Pricing;
  /** `--yes`: the estimated cost was seen and accepted. */
  yes: boolean;
  env?: NodeJS.ProcessEnv;
  print?: (line: string) => void;
  waiter?: WaiterTiming;
  polling?: ReportPolling;
  outputsFile?: string;
}

export interface AwsTuning<T> {
  perSize: T[];
  /** False when a function could not be set back to its size (a line said which, and to what). */
  restored: boolean;
}

/**
 * `npm run tune` with TARGET=aws: finds each contender's deployed function and its size, asks once
 * for the estimated cost of every size's ramp, then per size sets every function to it (waiting
 * until Lambda has applied it), runs `measure` (the load), whose `afterLoad` reads that window's
 * REPORT lines from CloudWatch Logs into the run's folder before it is compared. Every function
 * is set back to its original size at the end, after an error, and on Ctrl-C or SIGTERM.
 */
export async function tuneOnAws<T>(options: AwsTuningOptions, measure: (memoryMb: number, afterLoad: AfterLoad) => Promise<T>): Promise<AwsTuning<T>> {
  const { lambda, logs, sizes, print = console.error } = options;
  const deployed = await readOutputsFile(defaultStackName, options.outputsFile ?? defaultOutputsFile);
  const targets = options.contenders.map((name) => ({ name, functionName: deployed?.functionNames[name] ?? functionNameFor(defaultStackName, name) }));
  const tuned = await readTunedFunctions(lambda, targets);
  const label = `tune (a k6 ramp at each of ${sizes.join(', ')} MB)`;
  const architecture = deployed?.architecture ?? declaredArchitecture();
  confirmRunsCost(label, sizes.map((memoryMb) => ({ label, requests: options.requestsPerSize, architecture, throughApi: true, memoryMb })), {
    pricing: options.pricing,
    yes: options.yes,
    env: options.env,
    print,
  });
  print(`tune: ${tuned.map((fn) => `${fn.functionName} is at ${fn.originalMb} MB`).join(', ')}; each is set back at the end`);
  const sizer = memorySizer(lambda, tuned, { waiter: options.waiter, print });
  let restored = false;
  const perSize = await withCleanup(
    async () => {
      const results: T[] = [];
      for (const memoryMb of sizes) {
        await sizer.resize(memoryMb);
        const startTime = Date.now();
        results.push(await measure(memoryMb, (summary, runDir) => readSizeReports(logs, tuned, memoryMb, { startTime, summary, runDir, polling: options.polling, print })));
      }
      return results;
    },
    async () => {
      restored = await sizer.restore();
    },
  );
  return { perSize, restored };
}

async function readSizeReports(
  logs: CloudWatchLogsClient,
  tuned: readonly TunedFunction[],
  memoryMb: number,
  run: { startTime: number; summary: RunSummary; runDir: string; polling: ReportPolling | undefined; print: (line: string) => void },
): Promise<void> {
  const reports = await collectReports({
    logs,
    sources: tuned.map((fn) => ({ name: fn.name, logGroup: fn.logGroup, memoryMb, expected: run.summary.routes[fn.name]?.requests ?? 0 })),
    // The slack at both ends (runWindow); the filter on the size keeps the sizes before and after out.
    window: runWindow(run.startTime),
    label: `${memoryMb} MB`,
    polling: run.polling,
    print: run.print,
  });
  await writeReportRecords(run.runDir, reports);
}
