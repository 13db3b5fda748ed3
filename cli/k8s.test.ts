import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeK8s } from '../k8s/testing/fake-context.ts';
import { CommandError } from '../toolchain/command.ts';
import { stackRegion, writeK8sRun } from './k8s.ts';

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** What `npm run k8s -- <args>` fails with: its one line and exit code. */
async function refusal(args: string[], options: Parameters<typeof fakeK8s>[0] = {}): Promise<{ message: string; exitCode: number }> {
  const fake = await fakeK8s(options);
  folders.push(fake.dir);
  const error = await writeK8sRun(args, fake.context).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CommandError);
  const { message, exitCode } = error as CommandError;
  expect(message).not.toContain('\n');
  return { message, exitCode };
}

describe('npm run k8s refuses, in one line', () => {
  it.each([
    [['--parallelism', '0'], "invalid --parallelism: expected a positive integer, got '0'"],
    [['--parallelism', 'abc'], "invalid --parallelism: expected a positive integer, got 'abc'"],
    [['--parallelism', '257'], 'invalid --parallelism: at most 256 runners, got 257'],
    [[], '--parallelism is required'],
    [['--parallelism', '2', '--test', 'spike'], "unknown --test 'spike': expected one of smoke, ramp, soak, 2h_test"],
    [['--parallelism', '2', '--test', 'coldstart'], '--test coldstart does not run on a cluster'],
    [['--parallelism', '2', '--test', 'thumbnails'], '--test thumbnails does not run on a cluster'],
    [['--parallelism', '2', '--target', 'local'], "--target local: a cluster's pods cannot reach the stand-in"],
    [['--parallelism', '2', '--target', 'gcp'], "unknown --target 'gcp': expected aws"],
    [['--parallelism', '2', '--cpu', 'lots'], "invalid --cpu: expected a Kubernetes quantity like 1, 1.5 or 500m, got 'lots'"],
    [['--parallelism', '2', '--memory', '1GB'], "invalid --memory: expected a Kubernetes quantity like 512Mi or 1Gi, got '1GB'"],
    [['--parallelism', '2', '--expires', '169h'], "invalid --expires: S3 takes presigned URLs of at most 7 days (168h), got '169h'"],
    [['--parallelism', '2', '--expires', 'soon'], "invalid --expires: expected a length like 90m or 26h, got 'soon'"],
    [['--parallelism', '2', '--nodes', '3'], "Unknown option '--nodes'"],
  ])('%j: exit 2', async (args, expected) => {
    const { message, exitCode } = await refusal(args);
    expect(message).toContain(expected);
    expect(exitCode).toBe(2);
  });

  it('without the deployed stack\'s outputs: deploy first, exit 2', async () => {
    const { message, exitCode } = await refusal(['--parallelism', '2'], { outputs: false });
    expect(message).toMatch(/^npm run k8s reads the deployed stack from .*outputs\.json, which npm run deploy writes: deploy the stack first$/);
    expect(exitCode).toBe(2);
  });

  it('with a RATE the test would refuse: exit 2 before anything is signed', async () => {
    const { message, exitCode } = await refusal(['--parallelism', '2'], { env: { RATE: 'fast' } });
    expect(message).toBe("invalid RATE: expected a positive number, got 'fast'");
    expect(exitCode).toBe(2);
  });

  it('without AWS credentials to presign with: exit 1', async () => {
    const none = async () => {
      throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    };
    const { message, exitCode } = await refusal(['--parallelism', '2'], { credentials: none });
    expect(message).toMatch(/^presigning the upload URLs: no AWS credentials found: set AWS_PROFILE/);
    expect(exitCode).toBe(1);
  });
});

describe('npm run k8s with BASE_URL set', () => {
  it('sends the load there and the results to the stack\'s bucket still', async () => {
    const fake = await fakeK8s({ env: { BASE_URL: 'https://api.example.com/v2/' } });
    folders.push(fake.dir);
    const folder = await writeK8sRun(['--parallelism', '3'], fake.context);
    const testRun = parseAllDocuments(await readFile(path.join(folder, 'manifests.yaml'), 'utf8'))[2]!.toJS();
    expect(testRun.spec.runner.env).toContainEqual({ name: 'BASE_URL', value: 'https://api.example.com/v2' });
    expect(fake.printed.join('\n')).toContain('aws s3 cp --recursive s3://lambdaduel-storagebucket5cb7c8ea-abc/results/');
    expect(fake.printed.join('\n')).toMatch(/kubectl apply --server-side -f .*2026-12-02T14-00-00Z-k8s-smoke\/manifests\.yaml/);
  });

  it('says when temporary credentials will end before the URLs do', async () => {
    const session = { accessKeyId: 'ASIAFAKE', secretAccessKey: 'fake', sessionToken: 'token', expiration: new Date('2026-12-02T14:30:00Z') };
    const fake = await fakeK8s({ credentials: session });
    folders.push(fake.dir);
    await writeK8sRun(['--parallelism', '2', '--expires', '26h'], fake.context);
    expect(fake.printed[0]).toBe('note: these AWS credentials expire at 2026-12-02T14:30:00.000Z, and the upload URLs with them: a runner that ends later cannot upload');
    expect(fake.printed[1]).toContain('(the upload URLs expire in 26.0 h)');
  });

  it('signs in the region the stack\'s API URL names', () => {
    expect(stackRegion('https://abc123.execute-api.ap-southeast-2.amazonaws.com')).toBe('ap-southeast-2');
    expect(stackRegion('https://api.example.com')).toBeUndefined();
  });
});
