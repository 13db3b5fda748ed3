import { deployToolSteps, ensureToolchain, testToolSteps } from '../toolchain/index.ts';
import { prepare } from './prepare.ts';
import { coldStarts } from './cold-starts.ts';
import { runCompare } from './compare.ts';
import { buildLambda, deploy } from './deploy.ts';
import { destroy } from './destroy.ts';
import { discover } from './discover.ts';
import { runLocal } from './local.ts';
import { runMainJob } from './main-job.ts';
import { scenarioCommand } from './run-scenario.ts';
import { runAllTests } from './test.ts';

export type Command = (args: string[]) => Promise<number>;

async function build(): Promise<number> {
  await prepare();
  return 0;
}

export const commands: Record<string, Command> = {
  toolchain: async () => (await ensureToolchain([...testToolSteps, ...deployToolSteps]), 0),
  build,
  start: runMainJob,
  local: runLocal,
  smoke: scenarioCommand('smoke'),
  ramp: scenarioCommand('ramp'),
  soak: scenarioCommand('soak'),
  '2h': scenarioCommand('2h_test'),
  coldstart: scenarioCommand('coldstart'),
  test: runAllTests,
  compare: runCompare,
  'build-lambda': buildLambda,
  deploy,
  destroy,
  discover,
  'cold-starts': coldStarts,
};
