import type { Architecture } from '../functions.config.ts';
import type { CostBreakdown } from '../formats/comparison.ts';
import { lambdaCost } from './cost.ts';
import type { Pricing } from './pricing.ts';

/** What one contender's pipeline did per upload, as measured. */
export interface ImageCostProfile {
  architecture: Architecture;
  memoryMb: number;
  /** Invocations per upload: 1, and more for each retry. */
  attemptsPerUpload: number;
  /** Mean billed duration of the invoke phase per invocation, ms, INIT not included. */
  meanBilledDurationMs: number;
  /** Cold starts per upload, and their mean INIT, billed since August 2025. */
  coldStartsPerUpload: number;
  meanInitDurationMs: number;
  /** Thumbnails written per upload (a failed upload writes none). */
  thumbnailsPerUpload: number;
  /** Metadata items put per upload (its final item; a retry's second put is not counted): each is one write unit (under 1 KB). */
  itemWritesPerUpload: number;
}

const million = 1_000_000;

/**
 * A million uploads through the whole pipeline, item by item: the upload's PUT, each invocation's
 * GET of it, the thumbnail's PUT, the item's write, Lambda's requests, compute and INIT, and the
 * platform's log lines. S3's event notifications and Lambda's asynchronous queue cost nothing.
 */
export function costPerMillionImages(profile: ImageCostProfile, pricing: Pricing): CostBreakdown {
  const invocations = million * profile.attemptsPerUpload;
  const items = {
    apiGateway: 0,
    ...lambdaCost({ ...profile, invocations, coldStarts: million * profile.coldStartsPerUpload }, pricing),
    s3Puts: ((million * (1 + profile.thumbnailsPerUpload)) / 1000) * pricing.s3PutPerThousand,
    s3Gets: (invocations / 1000) * pricing.s3GetPerThousand,
    dynamodbWrites: profile.itemWritesPerUpload * pricing.dynamodbPerMillionWriteUnits,
  };
  return { ...items, total: Object.values(items).reduce((sum, value) => sum + value, 0) };
}
