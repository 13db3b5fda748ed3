/**
 * What the build produced, `dist/artifacts.json`, copied into every run's folder so the comparison
 * has the package sizes of what that run measured. `npm run build` writes it; compare reads it.
 */

export interface Artifact {
  /** From the repository's root. */
  file: string;
  bytes: number;
}

/** A function deployed as a zip that the build makes itself (Python): Lambda limits both sizes. */
export interface ZippedArtifact extends Artifact {
  /** `file` is the zip and `bytes` its size (Lambda's limit: 50 MB); this is what it unpacks to (250 MB). */
  unzippedBytes: number;
}

export interface Artifacts {
  node: Artifact;
  rust: Artifact;
  baseline: Artifact;
  /** Absent from files written before the Python contender existed. */
  python?: ZippedArtifact;
}

export const artifactsFile = 'artifacts.json';
