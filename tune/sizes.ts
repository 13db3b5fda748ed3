import { badInput, CommandError } from '../toolchain/command.ts';

/** aws-lambda-power-tuning's usual sizes, with 1,769 MB (one vCPU) among them. */
export const defaultSizes = [128, 256, 512, 1024, 1769, 3008];

/** Lambda's bounds for a function's memory, in whole megabytes. */
const lambdaMemory = { min: 128, max: 10_240 };

/** `--memory 128,512,1769`: whole megabytes within Lambda's bounds, each once, ascending; bad input is one line. */
export function readSizes(value: string | undefined): number[] {
  if (value === undefined) return defaultSizes;
  const parts = value.split(',').map((part) => part.trim());
  const bad = parts.filter((part) => !/^\d+$/.test(part) || Number(part) < lambdaMemory.min || Number(part) > lambdaMemory.max);
  if (parts.length === 0 || bad.length > 0) {
    throw new CommandError(`invalid --memory: expected sizes in MB from ${lambdaMemory.min} to ${lambdaMemory.max}, comma-separated, got '${bad.join(',') || value}'`, badInput);
  }
  return [...new Set(parts.map(Number))].sort((a, b) => a - b);
}
