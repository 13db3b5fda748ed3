/**
 * k6's raw output of a run (`--out json=…`): what the runner writes and compare reads. Gzip unless
 * it came from elsewhere plain (a runner on another machine, `k6 run --out json=<test>.raw.json`).
 */
import type { ScenarioName } from '../k6.config.ts';

/** The file the runner writes. */
export function rawOutputFile(scenario: ScenarioName): string {
  return `${scenario}.raw.json.gz`;
}

/** The names compare looks for, in order. */
export function rawOutputNames(scenario: ScenarioName): string[] {
  return [rawOutputFile(scenario), `${scenario}.raw.json`];
}
