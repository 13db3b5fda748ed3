import os from 'node:os';

/**
 * How the stand-in shares the machine's CPU among execution environments: as Lambda does, in
 * proportion to each function's memory and none at all to an idle one, frozen until its next
 * invocation (`lambda`); or every core to every environment, idle or not (`whole-cores`, the
 * stand-in's way before it had the model).
 */
export type CpuModel = 'lambda' | 'whole-cores';

export const cpuModels: readonly CpuModel[] = ['lambda', 'whole-cores'];

/** What the stand-in runs under unless told otherwise: Lambda's own model. */
export const defaultCpuModel: CpuModel = 'lambda';

/** `CPU_MODEL=lambda|whole-cores`, the default when unset; an unknown value throws one line naming it. */
export function readCpuModel(value: string | undefined): CpuModel {
  if (value === undefined) return defaultCpuModel;
  if ((cpuModels as readonly string[]).includes(value)) return value as CpuModel;
  throw new Error(`invalid CPU_MODEL: expected ${cpuModels.join(' or ')}, got '${value}'`);
}

/**
 * AWS: "Lambda allocates CPU power in proportion to the amount of memory configured … At 1,769 MB,
 * a function has the equivalent of one vCPU (one vCPU-second of credits per second)." (AWS Lambda
 * Developer Guide, "Configure Lambda function memory",
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html). Measured shares agree: 7.2 % of a vCPU at 128 MB, 13.3 % at 256,
 * 58.0 % at 1,024, 96.8 % at 1,769 (github.com/pwrdrvr/lambda-throttling, tests of 2025-03-01).
 */
export const megabytesPerVcpu = 1769;

/**
 * What INIT gets. AWS's Lambda documentation says nothing of it; measured evidence and AWS
 * solutions architects outside it agree that an on-demand environment's INIT runs unthrottled:
 * "On-demand Lambda functions use a full vCPU (non-throttled) … during its initialization phase"
 * (Serverless Land, "Effectively running Java on Serverless – Utilize initialization phase"), and
 * two unthrottled vCPUs at every memory size (Luc van Donkersgoed, "When is the Lambda Init Phase
 * Free, and when is it Billed?", 2022-04-09). In maxday/lambda-perf's data of 2025-12-21
 * (data/2025/2025-12-21.json) Init Durations are flat from 128 to 1,024 MB. So INIT here gets two
 * cores, at every size.
 */
export const initVcpus = 2;

/**
 * The quota's period. AWS documents no mechanism; a throttled Lambda function is seen to pause in
 * multiples of about 20 ms (github.com/pwrdrvr/lambda-dispatch issue 246), where the kernel's
 * default CFS period is 100 ms, whose longer stalls Lambda does not show.
 */
export const quotaPeriodUs = 20_000;

/** The CPU one environment gets: in cores, while invoked and during INIT. */
export interface CpuShare {
  invokeVcpus: number;
  initVcpus: number;
  /** True where the size asks for more cores than this machine has, so it gets them all. */
  capped: boolean;
}

/** Lambda's share for a memory size, capped at the machine's cores. */
export function cpuShare(memoryMb: number, cores: number = os.availableParallelism()): CpuShare {
  const wanted = memoryMb / megabytesPerVcpu;
  return { invokeVcpus: Math.min(wanted, cores), initVcpus: Math.min(initVcpus, cores), capped: wanted > cores };
}
