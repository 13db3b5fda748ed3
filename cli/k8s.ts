import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { profiles, profileSeconds, durationSeconds, type Env, type ScenarioName } from '../k6.config.ts';
import { maxSegments } from '../formats/segments.ts';
import { awsError } from '../infra/aws/errors.ts';
import { defaultOutputsFile, readOutputsFile, type DeployedStack } from '../infra/aws/outputs.ts';
import { defaultStackName } from '../infra/names.ts';
import { buildManifests, manifestsFile, manifestsYaml, objectName } from '../k8s/manifests.ts';
import type { Compute } from '../k8s/objects.ts';
import { runnerEnv } from '../k8s/runner-env.ts';
import { maxExpirySeconds, presignUploads, resultsPrefix } from '../k8s/upload-urls.ts';
import { bundleScenarios } from '../scenarios/bundle.ts';
import { badInput, CommandError } from '../toolchain/command.ts';
import { parseOptions, positiveOption } from '../toolchain/options.ts';
import { buildPaths, repoRoot } from '../toolchain/paths.ts';
import { timestamp } from './local.ts';
import { validatedSettings } from './run-scenario.ts';
import { awsPresigner } from './thumbnails.ts';

const usage = 'usage: npm run k8s -- --parallelism N [--test smoke|ramp|soak|2h_test] [--target aws] [--cpu 1] [--memory 1Gi] [--expires 2h] [--separate]';

/** The tests that are load and nothing else: a cluster can run them. */
const clusterTests = ['smoke', 'ramp', 'soak', '2h_test'] as const;
type ClusterTest = (typeof clusterTests)[number];

/** The other two need this machine between their requests. */
const notOnACluster: Partial<Record<ScenarioName, string>> = {
  coldstart: 'coldstart changes each function\'s configuration between rounds from this machine: run it with TARGET=aws npm run coldstart',
  thumbnails: 'thumbnails plans its uploads and collects what the pipeline made from this machine: run it with TARGET=aws npm run thumbnails',
};

/** What the command reads from outside: the CLI's defaults, a test's temp files and fake credentials. */
export interface K8sContext {
  env: Env;
  outputsFile: string;
  /** Run folders go under it: `<resultsRoot>/<time>-k8s-<test>/`. */
  resultsRoot: string;
  /** Makes dist/<test>.js current and returns the folder it is in. */
  bundle: () => Promise<string>;
  /** The stack's bucket's presigner, in the stack's region when its API URL names one. */
  presigner: (region: string | undefined) => S3Client;
  now: () => Date;
  print: (line: string) => void;
}

const defaultContext: K8sContext = {
  env: process.env,
  outputsFile: defaultOutputsFile,
  resultsRoot: path.join(repoRoot, 'results'),
  bundle: async () => (await bundleScenarios(), buildPaths.dist),
  presigner: (region) => awsPresigner(region ? { region } : {}),
  now: () => new Date(),
  print: (line) => console.log(line),
};

/** `npm run k8s`: writes a run's manifests for k6-operator and says how to run them and fetch the results. */
export async function k8s(args: string[], context: K8sContext = defaultContext): Promise<number> {
  await writeK8sRun(args, context);
  return 0;
}

/** The run folder written, holding `manifests.yaml`. */
export async function writeK8sRun(args: string[], context: K8sContext): Promise<string> {
  const { values } = parseOptions(
    args,
    {
      parallelism: { type: 'string' },
      test: { type: 'string', default: 'smoke' },
      target: { type: 'string', default: 'aws' },
      cpu: { type: 'string', default: '1' },
      memory: { type: 'string', default: '1Gi' },
      expires: { type: 'string' },
      separate: { type: 'boolean', default: false },
    },
    { usage },
  );
  const test = clusterTest(values.test);
  checkTarget(values.target);
  const parallelism = runners(values.parallelism);
  const compute: Compute = { cpu: quantity('cpu', values.cpu, /^(\d+(\.\d+)?|\d+m)$/), memory: quantity('memory', values.memory, /^\d+(Ki|Mi|Gi|Ti|k|M|G|T)?$/) };
  const deployed = await deployedStack(context.outputsFile);
  const baseUrl = context.env.BASE_URL ?? deployed.apiUrl;
  const settings = validatedSettings({ ...context.env, TARGET: 'aws', BASE_URL: baseUrl });
  const expiresInSeconds = expiry(values.expires, profileSeconds(profiles[test](settings)));

  const s3 = context.presigner(stackRegion(deployed.apiUrl));
  try {
    await noteTemporaryCredentials(s3, expiresInSeconds, context);
    const runId = `${timestamp(context.now())}-k8s-${test}`;
    const uploads = await presignUploads({ s3, bucket: deployed.bucketName, runId, test, parallelism, expiresInSeconds }).catch((error: unknown) => {
      throw awsError(error, `presigning the uploads to ${deployed.bucketName}`);
    });
    const dist = await context.bundle();
    const manifests = buildManifests({
      test,
      runId,
      parallelism,
      separate: values.separate,
      script: { js: await readFile(path.join(dist, `${test}.js`), 'utf8'), sourceMap: await readFile(path.join(dist, `${test}.js.map`), 'utf8').catch(() => undefined) },
      uploaderScript: await readFile(path.join(repoRoot, 'k8s', 'upload-results.sh'), 'utf8'),
      uploads,
      env: runnerEnv({ baseUrl: settings.baseUrl, settings, env: context.env, runId, compute }),
      compute,
    });
    const folder = path.join(context.resultsRoot, runId);
    await mkdir(folder, { recursive: true });
    const header = `npm run k8s -- ${args.join(' ')}: ${test} on ${parallelism} runners against ${settings.baseUrl}\nkubectl apply --server-side -f ${manifestsFile} (the Secret holds presigned upload URLs: keep it private)`;
    await writeFile(path.join(folder, manifestsFile), manifestsYaml(manifests, header));
    printNextSteps(context.print, { folder: path.relative(process.cwd(), folder), name: objectName(runId), bucket: deployed.bucketName, runId, expiresInSeconds });
    return folder;
  } finally {
    s3.destroy();
  }
}

function clusterTest(value: string): ClusterTest {
  if ((clusterTests as readonly string[]).includes(value)) return value as ClusterTest;
  const refusal = notOnACluster[value as ScenarioName];
  throw new CommandError(refusal ? `--test ${value} does not run on a cluster: ${refusal}` : `unknown --test '${value}': expected one of ${clusterTests.join(', ')}`, badInput);
}

function checkTarget(value: string): void {
  if (value === 'aws') return;
  if (value === 'local') throw new CommandError("--target local: a cluster's pods cannot reach the stand-in on this machine's loopback; deploy with npm run deploy and use --target aws", badInput);
  throw new CommandError(`unknown --target '${value}': expected aws`, badInput);
}

function runners(value: string | undefined): number {
  if (value === undefined) throw new CommandError(`--parallelism is required: how many runner pods share the test (${usage})`, badInput);
  const count = positiveOption('parallelism', value, { integer: true });
  if (count > maxSegments) throw new CommandError(`invalid --parallelism: at most ${maxSegments} runners, got ${count}`, badInput);
  return count;
}

function quantity(name: string, value: string, pattern: RegExp): string {
  if (!pattern.test(value)) throw new CommandError(`invalid --${name}: expected a Kubernetes quantity like ${name === 'cpu' ? '1, 1.5 or 500m' : '512Mi or 1Gi'}, got '${value}'`, badInput);
  return value;
}

/** The URLs must outlive the test: by default its length and an hour for the pods to be scheduled and pull their images. */
function expiry(value: string | undefined, testSeconds: number): number {
  if (value === undefined) return Math.min(testSeconds + 3_600, maxExpirySeconds);
  let seconds: number;
  try {
    seconds = durationSeconds(value);
  } catch {
    throw new CommandError(`invalid --expires: expected a length like 90m or 26h, got '${value}'`, badInput);
  }
  if (seconds > maxExpirySeconds) throw new CommandError(`invalid --expires: S3 takes presigned URLs of at most 7 days (168h), got '${value}'`, badInput);
  return Math.ceil(seconds);
}

/** The stack's outputs: the API's URL and the bucket the results go to. */
async function deployedStack(file: string): Promise<DeployedStack> {
  const deployed = await readOutputsFile(defaultStackName, file).catch((error: unknown) => {
    throw error instanceof CommandError ? new CommandError(error.message, badInput) : error;
  });
  if (!deployed) throw new CommandError(`npm run k8s reads the deployed stack from ${path.relative(process.cwd(), file)}, which npm run deploy writes: deploy the stack first`, badInput);
  return deployed;
}

/** The region in an API Gateway URL (`https://<id>.execute-api.<region>.amazonaws.com`): the stack's, so its bucket's. */
export function stackRegion(apiUrl: string): string | undefined {
  return /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(new URL(apiUrl).host)?.[1];
}

/**
 * Credentials from the default chain, resolved now so that none is one line. A URL signed with
 * temporary credentials stops working when they expire, whatever its own expiry says.
 */
async function noteTemporaryCredentials(s3: S3Client, expiresInSeconds: number, context: K8sContext): Promise<void> {
  const credentials = await s3.config.credentials().catch((error: unknown) => {
    throw awsError(error, 'presigning the upload URLs');
  });
  const urlsEnd = context.now().getTime() + expiresInSeconds * 1_000;
  if (credentials.expiration && credentials.expiration.getTime() < urlsEnd) {
    context.print(`note: these AWS credentials expire at ${credentials.expiration.toISOString()}, and the upload URLs with them: a runner that ends later cannot upload`);
  }
}

interface NextSteps {
  folder: string;
  name: string;
  bucket: string;
  runId: string;
  expiresInSeconds: number;
}

function printNextSteps(print: (line: string) => void, steps: NextSteps): void {
  const lines = [
    `k8s: ${steps.folder}/${manifestsFile} written (the upload URLs expire in ${(steps.expiresInSeconds / 3_600).toFixed(1)} h)`,
    `  apply:  kubectl apply --server-side -f ${steps.folder}/${manifestsFile}`,
    `  watch:  kubectl get testrun ${steps.name} -w     (stage 'finished'; cleanup: post then deletes it and its pods)`,
    `  fetch:  aws s3 cp --recursive s3://${steps.bucket}/${resultsPrefix}/${steps.runId}/ ${steps.folder}/`,
    `  merge:  npm run compare -- ${steps.folder}`,
    `  after:  kubectl delete -f ${steps.folder}/${manifestsFile} --ignore-not-found     (the ConfigMap and the Secret of URLs)`,
  ];
  for (const line of lines) print(line);
}
