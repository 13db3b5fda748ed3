import path from 'node:path';
import { readFile, rm } from 'node:fs/promises';
import { startStorage } from '../local/storage/index.ts';
import { spawnCommand } from '../toolchain/command.ts';
import { buildPaths, repoRoot, toolPaths, toolsDir } from '../toolchain/paths.ts';
import { testToolSteps } from '../toolchain/index.ts';
import { prepare } from './prepare.ts';
import { pytestTally } from './pytest-summary.ts';
import { withCleanup } from '../toolchain/interrupt.ts';
import { storageReuseFlag } from '../local/storage/index.ts';

interface Tally {
  passed: number;
  failed: number;
}

/**
 * Every test, TypeScript, Rust and Python, against one pair of local storage servers started here.
 * Ends with one plain `N passed, N failed` line over every runner.
 */
export async function runAllTests(vitestArgs: string[]): Promise<number> {
  await prepare(testToolSteps);
  const typecheck = await runTypecheck();
  const pythonLint = await runRuff();
  const storage = await startStorage();
  console.error(`test: storage up (S3 ${storage.s3Endpoint}, DynamoDB ${storage.dynamodbEndpoint})`);
  const env = { ...process.env, ...storage.env, [storageReuseFlag]: '1' };
  const tallies = await withCleanup(
    async () => [await runVitest(vitestArgs, env), await runCargoTest(env), await runPytest(env)],
    () => storage.stop(),
  );
  tallies.push(typecheck, pythonLint);
  const total = tallies.reduce((sum, tally) => ({ passed: sum.passed + tally.passed, failed: sum.failed + tally.failed }));
  console.log(`all tests: ${total.passed} passed, ${total.failed} failed`);
  return total.failed === 0 && tallies.every((tally) => tally.passed > 0) ? 0 : 1;
}

/** The Node code and the k6 code are type-checked apart (k6 has its own globals); each counts as a test. */
async function runTypecheck(): Promise<Tally> {
  const tsc = path.join(repoRoot, 'node_modules', '.bin', 'tsc');
  const tally = { passed: 0, failed: 0 };
  for (const project of ['.', 'scenarios']) {
    const { code } = await spawnCommand(tsc, ['--noEmit', '-p', project], { cwd: repoRoot, echo: true });
    if (code === 0) tally.passed += 1;
    else tally.failed += 1;
  }
  console.error(`test: type check ${tally.failed === 0 ? 'clean' : 'FAILED'}`);
  return tally;
}

async function runVitest(args: string[], env: NodeJS.ProcessEnv): Promise<Tally> {
  const report = path.join(toolsDir, 'vitest-report.json');
  await rm(report, { force: true });
  const vitest = path.join(repoRoot, 'node_modules', '.bin', 'vitest');
  const { code } = await spawnCommand(
    vitest,
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args],
    { cwd: repoRoot, env, echo: true },
  );
  const counts = JSON.parse(await readFile(report, 'utf8').catch(() => '{}')) as { numPassedTests?: number; numFailedTests?: number };
  return { passed: counts.numPassedTests ?? 0, failed: (counts.numFailedTests ?? 0) + (code !== 0 && !counts.numFailedTests ? 1 : 0) };
}

async function runCargoTest(env: NodeJS.ProcessEnv): Promise<Tally> {
  const { code, output } = await spawnCommand('cargo', ['test', '--workspace', '--locked'], { cwd: buildPaths.rustCrate, env, echo: true });
  const tally = { passed: 0, failed: 0 };
  for (const match of output.matchAll(/^test result: \w+\. (\d+) passed; (\d+) failed/gm)) {
    tally.passed += Number(match[1]);
    tally.failed += Number(match[2]);
  }
  if (code !== 0 && tally.failed === 0) tally.failed = 1;
  return tally;
}

const pythonDir = path.join(repoRoot, 'python');

/** The Python function's lint and its formatting, each counted as one test, like the type check. */
async function runRuff(): Promise<Tally> {
  const tally = { passed: 0, failed: 0 };
  for (const args of [['check', '.'], ['format', '--check', '.']]) {
    const { code } = await spawnCommand(toolPaths.ruff, args, { cwd: pythonDir, echo: true });
    if (code === 0) tally.passed += 1;
    else tally.failed += 1;
  }
  console.error(`test: python lint and format ${tally.failed === 0 ? 'clean' : 'FAILED'}`);
  return tally;
}

/** pytest's closing summary, `N passed, N failed …`; a run that found no test (exit 5) fails. */
async function runPytest(env: NodeJS.ProcessEnv): Promise<Tally> {
  const { code, output } = await spawnCommand(toolPaths.pytest, ['-q'], { cwd: pythonDir, env, echo: true });
  return pytestTally(code, output);
}
