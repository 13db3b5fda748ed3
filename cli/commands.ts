import { deployToolSteps, ensureToolchain, testToolSteps } from '../toolchain/index.ts';
import { parseOptions } from '../toolchain/options.ts';
import { prepare } from './prepare.ts';
import { coldStarts } from './cold-starts.ts';
import { runCompare } from './compare.ts';
import { buildLambda, deploy } from './deploy.ts';
import { destroy } from './destroy.ts';
import { discover } from './discover.ts';
import { k8s } from './k8s.ts';
import { runLocal } from './local.ts';
import { runMainJob } from './main-job.ts';
import { scenarioCommand } from './run-scenario.ts';
import { runAllTests } from './test.ts';
import { runThumbnails } from './thumbnails.ts';
import { tune } from './tune.ts';

export type Command = (args: string[]) => Promise<number>;

/** A command that takes no options still refuses them, in one line, rather than ignore a typo. */
function noOptions(usage: string, run: () => Promise<number>): Command {
  return async (args) => {
    parseOptions(args, {}, { usage: `usage: ${usage}` });
    return run();
  };
}

export const commands: Record<string, Command> = {
  toolchain: noOptions('npm run toolchain', async () => (await ensureToolchain([...testToolSteps, ...deployToolSteps]), 0)),
  build: noOptions('npm run build', async () => (await prepare(), 0)),
  start: noOptions('npm start', runMainJob),
  local: noOptions('npm run local', runLocal),
  smoke: scenarioCommand('smoke'),
  ramp: scenarioCommand('ramp'),
  soak: scenarioCommand('soak'),
  '2h': scenarioCommand('2h_test'),
  coldstart: scenarioCommand('coldstart'),
  thumbnails: runThumbnails,
  tune,
  test: runAllTests,
  compare: runCompare,
  'build-lambda': buildLambda,
  deploy,
  destroy: noOptions('npm run destroy', destroy),
  discover: noOptions('npm run aws:url', discover),
  'cold-starts': coldStarts,
  k8s,
};
