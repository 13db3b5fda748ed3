import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../toolchain/paths.ts';

const run = promisify(execFile);

/** The CLI as `npm run` starts it, in an environment without the variables the test runner sets. */
async function lambdaDuel(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _quiet, MODE: _vitestMode, BASE_URL: _vitestBase, ...inherited } = process.env;
  return run(path.join(repoRoot, 'node_modules', '.bin', 'tsx'), ['cli/main.ts', ...args], { cwd: repoRoot, env: { ...inherited, ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

const lines = (text: string) => text.trim().split('\n');

describe('the CLI answers bad input in one line', () => {
  it('refuses a mistyped option of a load test with exit code 2 and no stack', async () => {
    const { code, stderr } = await lambdaDuel(['ramp', '--yse']);
    expect(code).toBe(2);
    expect(lines(stderr)).toEqual(["lambda-duel: Unknown option '--yse' (usage: npm run ramp [-- --yes] [--segments N])"]);
  });

  it.each([
    [['smoke', '--segments', '0'], "lambda-duel: invalid --segments: expected a whole number of k6 instances from 1 to 256, got '0'"],
    [['smoke', '--segments', 'abc'], "lambda-duel: invalid --segments: expected a whole number of k6 instances from 1 to 256, got 'abc'"],
    [['ramp', '--segments', '1.5'], "lambda-duel: invalid --segments: expected a whole number of k6 instances from 1 to 256, got '1.5'"],
    [['coldstart', '--segments', '2'], 'lambda-duel: the coldstart test cannot be split into segments: each round drops every environment and then calls each route once, from one k6'],
    [['compare', 'results', '--out', 'x'], 'lambda-duel: --out names the folder several segment folders are merged into: give the segment folders'],
  ])('refuses %j in one line, exit code 2, before anything runs', async (args, line) => {
    const { code, stdout, stderr } = await lambdaDuel(args);
    expect(code).toBe(2);
    expect(lines(stderr)).toEqual([line]);
    expect(stdout).toBe('');
  });

  it.each([
    [['local', '--port', '3'], "lambda-duel: Unknown option '--port' (usage: npm run local)"],
    [['start', 'fast'], "lambda-duel: Unexpected argument 'fast'. This command does not take positional arguments (usage: npm start)"],
    [['destroy', '--force'], "lambda-duel: Unknown option '--force' (usage: npm run destroy)"],
  ])('refuses what a command without options was given, %j, before doing anything', async (args, line) => {
    const { code, stderr } = await lambdaDuel(args);
    expect(code).toBe(2);
    expect(lines(stderr)).toEqual([line]);
  });

  it.each([
    [['start'], {}],
    [['smoke'], {}],
    [['local'], {}],
    [['smoke'], { TARGET: 'aws', BASE_URL: 'https://example.com' }],
  ])('refuses an unknown contender in CONTENDERS for %j, before doing anything', async (args, env) => {
    // Given a typo in the contenders a run should measure
    const { code, stdout, stderr } = await lambdaDuel(args, { ...env, CONTENDERS: 'node,nod' });
    // Then it is one line naming the declared ones, exit code 2, and nothing ran
    expect(code).toBe(2);
    expect(lines(stderr)).toEqual([expect.stringMatching(/^lambda-duel: invalid CONTENDERS: expected some of node, rust(, [a-z]+)*, got 'nod'$/)]);
    expect(stdout).toBe('');
  });

  it.each(['0', '20000', 'abc'])('refuses --memory %s for npm run tune in one line, before doing anything', async (memory) => {
    const { code, stdout, stderr } = await lambdaDuel(['tune', '--memory', memory]);
    expect(code).toBe(2);
    expect(lines(stderr)).toEqual([`lambda-duel: invalid --memory: expected sizes in MB from 128 to 10240, comma-separated, got '${memory}'`]);
    expect(stdout).toBe('');
  });

  it.each([[['start']], [['smoke']], [['local']]])('refuses an unknown CPU model in CPU_MODEL for %j, before doing anything', async (args) => {
    const { code, stdout, stderr } = await lambdaDuel(args, { CPU_MODEL: 'fast' });
    expect(code).toBe(2);
    expect(lines(stderr)).toEqual(["lambda-duel: invalid CPU_MODEL: expected lambda or whole-cores, got 'fast'"]);
    expect(stdout).toBe('');
  });

  it('stops before building anything when nothing answers at a given BASE_URL, and writes no comparison', async () => {
    const { code, stdout, stderr } = await lambdaDuel(['smoke'], { BASE_URL: 'http://127.0.0.1:9' });
    expect(code).toBe(1);
    expect(lines(stderr)).toEqual(['lambda-duel: target unreachable: http://127.0.0.1:9 (ECONNREFUSED)']);
    expect(stdout).toBe('');
  });

  it('shows no warning meant for whoever upgrades the AWS SDK, here from a command that builds an SDK client', async () => {
    // Given an AWS endpoint where nothing listens, so the client is built and its call refused at once
    const aws = { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_MAX_ATTEMPTS: '1' };
    const { code, stderr } = await lambdaDuel(['discover'], aws);
    // Then the failure is its one line, and the Node support notice is not among the output
    expect(code).toBe(1);
    expect(lines(stderr)).toEqual([expect.stringMatching(/^lambda-duel: looking up the HTTP API 'LambdaDuel': .*ECONNREFUSED/)]);
  });
});
