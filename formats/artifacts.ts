/**
 * What the build produced, `dist/artifacts.json`, copied into every run's folder so the comparison
 * has the package sizes of what that run measured. `npm run build` writes it; compare reads it.
 */

import type { RuntimeNote } from './comparison.ts';

/** One function's deployment package, as Lambda counts it. */
export interface Artifact {
  /** The deployment zip, from the repository's root. */
  file: string;
  /** The zip's size (Lambda's limit: 50 MB). */
  bytes: number;
  /**
   * What the zip unpacks to (Lambda's limit: 250 MB). Absent from files written before the build
   * zipped every function: there `file` was the bundle or binary itself and `bytes` its size.
   */
  unzippedBytes?: number;
  /** Present when the stand-in runs the function on another version than the runtime it deploys to. */
  runtime?: RuntimeNote;
}

/**
 * By declared function name. A file written by an older build lacks the functions declared since
 * (the Python contender's, before it joined).
 */
export type Artifacts = Partial<Record<string, Artifact>>;

export const artifactsFile = 'artifacts.json';
