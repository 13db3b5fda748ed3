import { functions, thumbnailers, type Architecture, type ContenderName, type FunctionName, type PerContender } from '../../functions.config.ts';
import { formatDollars, runCost, type CostProfile } from '../../compare/cost.ts';
import { costPerMillionImages } from '../../compare/thumbnail-cost.ts';
import type { CostBreakdown } from '../../formats/comparison.ts';
import type { Pricing } from '../../compare/pricing.ts';
import { CommandError } from '../../toolchain/command.ts';

/**
 * What a run is assumed to cost before it has been measured: generous for these functions (a UUID,
 * one S3 PUT, one DynamoDB PUT), so the estimate errs high.
 */
export const planningAssumptions = { meanBilledDurationMs: 100, coldStartShare: 0.01, meanInitDurationMs: 1_000 } as const;

/**
 * What an upload through a thumbnailer is assumed to cost before it has been measured: a whole
 * second billed per invocation at the declared memory (a 12 MP photo takes a few hundred ms at
 * 1024 MB), one attempt, 1 % of uploads cold with a 1 s INIT, a thumbnail and an item each.
 */
export const thumbnailPlanningAssumptions = { meanBilledDurationMs: 1_000, attemptsPerUpload: 1, coldStartShare: 0.01, meanInitDurationMs: 1_000 } as const;

export interface RunPlan {
  /** What the run is, for the message: "k6 load test", "cold starts (10 rounds)". */
  label: string;
  requests: Partial<Record<FunctionName, number>>;
  architecture: Architecture;
  /** Requests through API Gateway (k6) or straight to Lambda (`Invoke`). */
  throughApi: boolean;
  /** Every request starts a new environment (the cold-start tool forces it). */
  allCold?: boolean;
  /** The smoke test is cheap by design and needs no confirmation. */
  smoke?: boolean;
  /** Every function at this size instead of its declared one (`npm run tune` sets it per run). */
  memoryMb?: number;
}

export interface ConfirmOptions {
  pricing: Pricing;
  /** `--yes` on the command line. */
  yes: boolean;
  env?: NodeJS.ProcessEnv;
  print?: (line: string) => void;
}

/** The estimate for a plan, from the compare tool's cost model and the plan's memory size, else the declared ones. */
export function estimateRun(plan: RunPlan, pricing: Pricing): CostBreakdown {
  const parts = Object.entries(plan.requests).map(([name, requests]) => {
    const declaration = functions[name as FunctionName];
    const profile: CostProfile = {
      architecture: plan.architecture,
      memoryMb: plan.memoryMb ?? declaration.memoryMb,
      meanBilledDurationMs: planningAssumptions.meanBilledDurationMs,
      coldStartShare: plan.allCold ? 1 : planningAssumptions.coldStartShare,
      meanInitDurationMs: planningAssumptions.meanInitDurationMs,
      usesStorage: declaration.usesStorage,
      throughApi: plan.throughApi,
    };
    return { profile, requests: requests ?? 0 };
  });
  return runCost(parts, pricing);
}

/**
 * Prints what a run on AWS is estimated to cost and, unless it is the smoke test, stops it until
 * the user has said yes (`--yes`, or `CONFIRM=1` for scripts).
 */
export function confirmRunCost(plan: RunPlan, options: ConfirmOptions): CostBreakdown {
  const estimate = estimateRun(plan, options.pricing);
  confirmEstimate(plan.label, requestsLine(requestsOf(plan)), estimate.total, plan.smoke ?? false, requestAssumption, options);
  return estimate;
}

/** A thumbnails run on AWS: photos uploaded to each contender's prefix, each one through its thumbnailer. */
export interface ThumbnailsPlan {
  label: string;
  uploads: PerContender<number>;
  architecture: Architecture;
}

/** Dollars for a plan's uploads, each a millionth of the compare tool's whole-pipeline cost per million images, at the declared memory. */
export function estimateThumbnails(plan: ThumbnailsPlan, pricing: Pricing): number {
  return Object.entries(plan.uploads).reduce((total, [name, uploads]) => {
    const perMillion = costPerMillionImages(
      {
        architecture: plan.architecture,
        memoryMb: thumbnailers[name as ContenderName].memoryMb,
        attemptsPerUpload: thumbnailPlanningAssumptions.attemptsPerUpload,
        meanBilledDurationMs: thumbnailPlanningAssumptions.meanBilledDurationMs,
        coldStartsPerUpload: thumbnailPlanningAssumptions.coldStartShare,
        meanInitDurationMs: thumbnailPlanningAssumptions.meanInitDurationMs,
        thumbnailsPerUpload: 1,
        itemWritesPerUpload: thumbnailPlanningAssumptions.attemptsPerUpload,
      },
      pricing,
    );
    return total + (perMillion.total * (uploads ?? 0)) / 1_000_000;
  }, 0);
}

/** The thumbnails run's gate, as confirmRunCost's: one line with the estimate, and no upload until the user said yes. Returns the estimate. */
export function confirmThumbnailsCost(plan: ThumbnailsPlan, options: ConfirmOptions): number {
  const total = estimateThumbnails(plan, options.pricing);
  const uploads = Object.values(plan.uploads).reduce((sum, count) => sum + (count ?? 0), 0);
  const memory = [...new Set(Object.keys(plan.uploads).map((name) => thumbnailers[name as ContenderName].memoryMb))].join('/');
  const { meanBilledDurationMs, attemptsPerUpload, coldStartShare } = thumbnailPlanningAssumptions;
  const assumption = `assuming ${meanBilledDurationMs / 1000} s billed per invocation at ${memory} MB, ${attemptsPerUpload} attempt per upload, ${coldStartShare * 100} % cold`;
  confirmEstimate(plan.label, `${uploads.toLocaleString('en-US')} uploads`, total, false, assumption, options);
  return total;
}

/**
 * Several runs asked about at once, `label` naming them all (`npm run tune`: a ramp at each memory
 * size): their estimates added up, one line, one question. Returns the total.
 */
export function confirmRunsCost(label: string, plans: readonly RunPlan[], options: ConfirmOptions): number {
  const total = plans.reduce((sum, plan) => sum + estimateRun(plan, options.pricing).total, 0);
  const requests = plans.reduce((sum, plan) => sum + requestsOf(plan), 0);
  confirmEstimate(label, requestsLine(requests), total, plans.length > 0 && plans.every((plan) => plan.smoke === true), requestAssumption, options);
  return total;
}

function requestsOf(plan: RunPlan): number {
  return Object.values(plan.requests).reduce((total, count) => total + (count ?? 0), 0);
}

const requestsLine = (requests: number) => `${requests.toLocaleString('en-US')} requests`;
const requestAssumption = `assuming ≤ ${planningAssumptions.meanBilledDurationMs} ms billed per request`;

/** `count` says what the run sends ("1,000 requests"), `assumption` what the estimate assumes of each. */
function confirmEstimate(label: string, count: string, total: number, smoke: boolean, assumption: string, options: ConfirmOptions): void {
  const { pricing, yes, env = process.env, print = console.error } = options;
  print(`cost: ${label} on AWS, ${count}, is estimated at ${formatDollars(total)} (${pricing.region} prices of ${pricing.asOf}, ${assumption})`);
  if (smoke || yes || env.CONFIRM === '1') return;
  throw new CommandError(`${label} on AWS costs about ${formatDollars(total)}: run it again with --yes (or CONFIRM=1) to go ahead`);
}
