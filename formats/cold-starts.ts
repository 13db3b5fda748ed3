/**
 * Forced cold starts on AWS, kept raw: `results/aws/cold-starts.json` from `npm run
 * cold-starts:aws`, and `coldstart.cold-starts.json` in a `TARGET=aws` cold-start run's folder.
 */
import type { Architecture, FunctionName } from '../functions.config.ts';

/** One forced cold start, as measured: Lambda's own figures from the REPORT line, and ours. */
export interface ColdStartRecord {
  function: FunctionName;
  round: number;
  requestId: string;
  /** Null when Lambda reported no INIT: the invocation was not a cold start after all. */
  initDurationMs: number | null;
  durationMs: number;
  billedDurationMs: number;
  maxMemoryUsedMb: number;
  /** The `Invoke` call's round trip as this machine saw it. */
  clientLatencyMs: number;
  /** The HTTP status API Gateway would have answered: the function's own, or 500 for an unhandled error. */
  statusCode: number;
}

/** The measurements beside when and where they were taken. */
export interface ColdStarts {
  startedAt: string;
  region: string;
  architecture: Architecture;
  records: ColdStartRecord[];
}

/** Where `npm run cold-starts:aws` keeps them unless `--out` says otherwise, from the repository's root. */
export const coldStartsFile = 'results/aws/cold-starts.json';
