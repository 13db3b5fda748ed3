import type { Env, Settings } from '../k6.config.ts';
import { pins } from '../toolchain/pins.ts';
import { runnerImage } from './images.ts';
import type { Compute, EnvVar } from './objects.ts';
import { resultsMount } from './uploader-sidecar.ts';

/** Settings the test reads that a user may have set for this run; passed on only when set. */
const passedThrough = ['CONTENDERS', 'DURATION', 'BLOCK_SECONDS'] as const;

export interface RunnerEnvInput {
  /** The deployed API (or the BASE_URL given): a cluster reaches it over the internet. */
  baseUrl: string;
  settings: Pick<Settings, 'mode' | 'rate'>;
  /** The environment `npm run k8s` ran in, for the settings passed through. */
  env: Env;
  runId: string;
  compute: Compute;
}

/**
 * Every runner's environment, the same for all N. RATE is the whole test's: k6 gives each
 * execution segment its share of an arrival rate itself, so dividing it by N here would divide
 * the load twice.
 */
export function runnerEnv(input: RunnerEnvInput): EnvVar[] {
  const given = passedThrough.flatMap((name) => (input.env[name] === undefined ? [] : [{ name, value: input.env[name]! }]));
  return [
    { name: 'BASE_URL', value: input.baseUrl },
    { name: 'TARGET', value: 'aws' },
    { name: 'MODE', value: input.settings.mode },
    { name: 'RATE', value: String(input.settings.rate) },
    ...given,
    { name: 'RUN_ID', value: input.runId },
    { name: 'RESULTS_DIR', value: resultsMount },
    { name: 'K6_VERSION', value: `k6 ${pins.k6.version} (${runnerImage})` },
    { name: 'MACHINE', value: runnerMachine(input.compute) },
    { name: 'K6_NO_USAGE_REPORT', value: 'true' },
  ];
}

/** What the summary says ran the load: a pod's share of some node, not a machine of its own. */
export function runnerMachine(compute: Compute): string {
  return `k6-operator runner pod (${runnerImage}), ${compute.cpu} CPU and ${compute.memory} requested and limited, on a cluster node`;
}
