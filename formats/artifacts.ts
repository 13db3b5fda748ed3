/**
 * What the build produced, `dist/artifacts.json`, copied into every run's folder so the comparison
 * has the package sizes of what that run measured. `npm run build` writes it; compare reads it.
 */

export interface Artifact {
  /** From the repository's root. */
  file: string;
  bytes: number;
}

export interface Artifacts {
  node: Artifact;
  rust: Artifact;
  baseline: Artifact;
}

export const artifactsFile = 'artifacts.json';
