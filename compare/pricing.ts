import { readFile } from 'node:fs/promises';
import type { Architecture } from '../functions.config.ts';
import { CommandError } from '../toolchain/command.ts';

/**
 * The prices the cost model uses: on-demand list prices, us-east-1, in US dollars, without free
 * tier. Dated, because prices change; a JSON file with any subset of these keys overrides them
 * (another region, a newer price list).
 */
export interface Pricing {
  /** When these prices were taken from the providers' price pages. */
  asOf: string;
  region: string;
  /** API Gateway HTTP API, per million requests (first 300 million a month). */
  httpApiPerMillionRequests: number;
  /** Lambda, per million invocations. */
  lambdaPerMillionRequests: number;
  /**
   * Lambda compute, per GB-second (memory in GB = MB / 1024), first pricing tier. Since
   * 1 August 2025 the INIT phase of on-demand cold starts is billed at this rate for every runtime.
   */
  lambdaPerGbSecond: Record<Architecture, number>;
  /** S3 Standard PUT requests, per 1,000. DELETE is free, so the compensation costs nothing. */
  s3PutPerThousand: number;
  /** S3 Standard GET requests, per 1,000. */
  s3GetPerThousand: number;
  /** DynamoDB on-demand, per million write request units; an item up to 1 KB is one unit. */
  dynamodbPerMillionWriteUnits: number;
  /** CloudWatch Logs ingestion of Lambda's logs, per GB (2^30 bytes), first tier. */
  logsIngestionPerGb: number;
  /**
   * What Lambda writes per invocation when the function itself logs nothing (START, END, REPORT
   * and their per-event overhead): an estimate, in bytes.
   */
  platformLogBytesPerInvocation: number;
}

export const defaultPricing: Pricing = {
  asOf: '2026-11-23',
  region: 'us-east-1',
  httpApiPerMillionRequests: 1.0,
  lambdaPerMillionRequests: 0.2,
  lambdaPerGbSecond: { arm64: 0.0000133334, x86_64: 0.0000166667 },
  s3PutPerThousand: 0.005,
  s3GetPerThousand: 0.0004,
  dynamodbPerMillionWriteUnits: 0.625,
  logsIngestionPerGb: 0.5,
  platformLogBytesPerInvocation: 360,
};

/** The defaults, with the keys a JSON file sets replaced; unknown keys or non-numbers fail with one line. */
export async function loadPricing(file: string | undefined): Promise<Pricing> {
  if (!file) return defaultPricing;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CommandError(`cannot read pricing file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CommandError(`invalid pricing file ${file}: not JSON`);
  }
  return mergePricing(defaultPricing, parsed, file);
}

export function mergePricing(base: Pricing, override: unknown, source: string): Pricing {
  if (typeof override !== 'object' || override === null || Array.isArray(override)) {
    throw new CommandError(`invalid pricing file ${source}: expected a JSON object`);
  }
  const merged: Pricing = { ...base, lambdaPerGbSecond: { ...base.lambdaPerGbSecond } };
  for (const [key, value] of Object.entries(override)) {
    if (key === 'asOf' || key === 'region') {
      if (typeof value !== 'string') throw new CommandError(`invalid pricing file ${source}: ${key} must be a string`);
      merged[key] = value;
    } else if (key === 'lambdaPerGbSecond') {
      if (typeof value !== 'object' || value === null) throw new CommandError(`invalid pricing file ${source}: ${key} must be an object`);
      for (const [architecture, price] of Object.entries(value)) {
        if (!(architecture in merged.lambdaPerGbSecond)) {
          throw new CommandError(`invalid pricing file ${source}: unknown architecture '${architecture}' in ${key}`);
        }
        merged.lambdaPerGbSecond[architecture as Architecture] = readPrice(source, `${key}.${architecture}`, price);
      }
    } else if (key in base) {
      (merged as unknown as Record<string, number>)[key] = readPrice(source, key, value);
    } else {
      throw new CommandError(`invalid pricing file ${source}: unknown key '${key}' (known: ${Object.keys(base).join(', ')})`);
    }
  }
  return merged;
}

function readPrice(source: string, key: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new CommandError(`invalid pricing file ${source}: ${key} must be a number ≥ 0, got ${JSON.stringify(value)}`);
  }
  return value;
}
