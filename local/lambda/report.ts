/** What the stand-in's Lambda service bills, as Lambda bills it. */

/**
 * Billed time is rounded up to the next millisecond. Since 1 August 2025 Lambda bills the INIT
 * phase of on-demand cold starts for every runtime, so a cold start's bill includes its init.
 */
export function billedDurationMs(durationMs: number, initDurationMs: number | undefined): number {
  return Math.ceil(durationMs + (initDurationMs ?? 0));
}
