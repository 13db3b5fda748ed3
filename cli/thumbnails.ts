import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { thumbnailers, type ContenderName } from '../functions.config.ts';
import { asyncFailuresFile } from '../formats/async-failure.ts';
import { thumbnailPipelineFile, type ThumbnailPipeline } from '../formats/thumbnail-pipeline.ts';
import { uploadPlanFile, type UploadPlan } from '../formats/upload-plan.ts';
import { plannedUploads, thumbnailsSeconds, uploadPlanVariable, type Env, type Settings } from '../k6.config.ts';
import { startStandIn, type StandIn } from '../local/stand-in.ts';
import type { CpuModel } from '../local/lambda/cpu-model.ts';
import { localClients } from '../local/storage/resources.ts';
import { localCredentials, localRegion } from '../local/storage/credentials.ts';
import { loadPricing } from '../compare/pricing.ts';
import { builtInPricing, compareRunFolder } from '../compare/write-comparison.ts';
import { confirmThumbnailsCost } from '../infra/aws/confirm-cost.ts';
import { awsError } from '../infra/aws/errors.ts';
import { readTunedFunctions } from '../infra/aws/memory-sizes.ts';
import { defaultOutputsFile, readOutputsFile, type DeployedStack } from '../infra/aws/outputs.ts';
import { collectReports, runWindow, writeReportRecords, type ReportPolling, type ReportSource } from '../infra/aws/report-logs.ts';
import { defaultStackName } from '../infra/names.ts';
import { badInput, CommandError } from '../toolchain/command.ts';
import { withCleanup } from '../toolchain/interrupt.ts';
import { parseOptions } from '../toolchain/options.ts';
import { buildPaths, repoRoot } from '../toolchain/paths.ts';
import { ensurePhotos } from '../thumbnails/photos.ts';
import { awsEvents } from '../thumbnails/aws-events.ts';
import type { PipelineStores } from '../thumbnails/collect.ts';
import { drainPipeline, type EventSource } from '../thumbnails/drain.ts';
import { standInEvents } from '../thumbnails/local-events.ts';
import { planUploads, type PlanOptions } from '../thumbnails/upload-plan.ts';
import { renderOutcomes } from '../thumbnails/outcomes-text.ts';
import { timestamp } from './local.ts';
import { prepare } from './prepare.ts';
import { localToolSteps } from '../toolchain/index.ts';
import { runK6, runSegmented, segmentsOption, startedRun, validatedCpuModel, validatedSettings } from './run-scenario.ts';

/**
 * Past the declared retries (1 and then 2 minutes after a function error, each attempt at most the
 * 15 s timeout: 3.75 minutes) and the slowest photo, with more than a minute to spare. On AWS, whose
 * queue cannot be seen, the drain ends at every upload settled or at this.
 */
const drainTimeoutMs = 5 * 60_000;

/**
 * `npm run thumbnails`: photos uploaded to every contender's upload prefix at RATE per second for
 * DURATION, each upload turned into a thumbnail and an item by that contender's thumbnailer through
 * S3's event and Lambda's asynchronous invocation; then, once the pipeline has drained, what every
 * upload became, and the contenders side by side. On the stand-in unless TARGET=aws, which runs
 * it against the deployed stack after the estimated cost was accepted.
 */
export async function runThumbnails(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { yes: { type: 'boolean', default: false }, segments: { type: 'string' } }, { usage: 'usage: npm run thumbnails [-- --yes] [--segments N]' });
  const segments = segmentsOption(values.segments) ?? 1;
  const env = process.env;
  if (env.BASE_URL !== undefined) {
    throw new CommandError("BASE_URL does not apply to npm run thumbnails: it uploads to the stand-in's bucket, or with TARGET=aws to the deployed stack's", badInput);
  }
  const deployed = env.TARGET === 'aws' ? await deployedStack() : undefined;
  const settings = validatedSettings(env);
  const cpuModel = validatedCpuModel(env.CPU_MODEL);
  // Before the build: a run nobody has accepted stops at once.
  if (deployed) await confirmAwsCost(settings, env, deployed, values.yes);
  await prepare(localToolSteps, settings.contenders.map((name) => thumbnailers[name]));
  // Made by the build; read back here.
  const photos = await ensurePhotos(() => undefined);
  const runDir = path.join(repoRoot, 'results', `${timestamp()}-thumbnails`);
  const runId = path.basename(runDir);
  await mkdir(runDir, { recursive: true });
  await copyFile(path.join(buildPaths.dist, 'artifacts.json'), path.join(runDir, 'artifacts.json'));
  const target = deployed ? await awsTarget(deployed, settings.contenders, runDir) : await standInTarget(settings.contenders, runDir, cpuModel);
  const run = async () => {
    const plan = await target.planUploads({
      runId,
      contenders: settings.contenders,
      photos: photos.map((photo) => ({ name: photo.name, file: photo.path, contentType: photo.contentType })),
      count: plannedUploads(settings, env),
      expiresInSeconds: thumbnailsSeconds(settings) + 3_600,
    });
    const planFile = path.join(runDir, uploadPlanFile);
    await writeFile(planFile, JSON.stringify(plan));
    console.error(`thumbnails: ${plan.uploads.length} uploads of ${photos.length} photos to ${settings.contenders.map((name) => thumbnailers[name].uploadPrefix).join(', ')} over ${thumbnailsSeconds(settings)} s`);
    const startTime = Date.now();
    const k6Env = { ...env, [uploadPlanVariable]: planFile, ...target.k6Env };
    // With the segments' shared sequence, k6 numbers iterations across the whole test: each instance takes its own uploads of the plan.
    const code = segments > 1 ? await runSegmented('thumbnails', runDir, segments, k6Env) : await runK6('thumbnails', runDir, k6Env);
    await startedRun(path.join(runDir, 'thumbnails.summary.json'), runDir);
    const pipeline = await target.drain(runId, settings.contenders);
    await writeFile(path.join(runDir, thumbnailPipelineFile), `${JSON.stringify(pipeline, null, 2)}\n`);
    console.log(renderOutcomes(pipeline).join('\n'));
    await target.afterDrain(pipeline, startTime);
    return { code, pipeline };
  };
  const { code, pipeline } = await withCleanup(run, () => target.stop());
  await compareRunFolder(runDir, builtInPricing);
  console.error(`results: ${path.relative(process.cwd(), runDir)}/`);
  return code !== 0 ? code : lossFound(pipeline) ? 1 : 0;
}

/** Where a run's uploads go and its outcomes are read: the stand-in, or the deployed stack. */
export interface PipelineTarget {
  /** The presigned URLs, for the target's bucket. */
  planUploads(options: Omit<PlanOptions, 's3' | 'bucket'>): Promise<UploadPlan>;
  /** What k6 is told of the target. */
  k6Env: Record<string, string>;
  /** Waits for the pipeline after the last upload, then says what every upload became. */
  drain(runId: string, contenders: readonly ContenderName[]): Promise<ThumbnailPipeline>;
  /** After the drain, the run's REPORT records where the platform does not write them into its folder (AWS). */
  afterDrain(pipeline: ThumbnailPipeline, startTime: number): Promise<void>;
  stop(): Promise<void>;
}

async function standInTarget(contenders: readonly ContenderName[], runDir: string, cpuModel: CpuModel): Promise<PipelineTarget> {
  const standIn = await startStandIn({ logDir: path.join(runDir, 'lambda'), functions: contenders.map((name) => thumbnailers[name]), cpuModel });
  const { s3, dynamodb } = localClients(standIn.storage.env);
  const stores = { s3, dynamodb, bucket: standIn.storage.bucketName, table: standIn.storage.metadataTableName };
  return {
    planUploads: (options) => planUploads({ ...options, s3: presigner(standIn), bucket: stores.bucket }),
    k6Env: { BASE_URL: standIn.url, TARGET: 'local' },
    drain: (runId, names) => drain(stores, standInEvents(standIn), runId, names),
    afterDrain: async () => {},
    stop: async () => {
      s3.destroy();
      dynamodb.destroy();
      await standIn.stop();
    },
  };
}

/** Against the stand-in's S3, with no checksum signed in: see PlanOptions. */
function presigner(standIn: StandIn): S3Client {
  return new S3Client({
    endpoint: standIn.storage.s3Endpoint,
    forcePathStyle: true,
    region: localRegion,
    credentials: localCredentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
}

/** The SDK clients a run on AWS uses: the default ones, with the user's credentials and region. */
export interface AwsClients {
  /** Signs the upload URLs: see awsPresigner. */
  presigner: S3Client;
  s3: S3Client;
  dynamodb: DynamoDBClient;
  sqs: SQSClient;
  lambda: LambdaClient;
  logs: CloudWatchLogsClient;
}

export function awsClients(): AwsClients {
  return { presigner: awsPresigner(), s3: new S3Client({}), dynamodb: new DynamoDBClient({}), sqs: new SQSClient({}), lambda: new LambdaClient({}), logs: new CloudWatchLogsClient({}) };
}

/**
 * The stack's bucket's presigner: without `requestChecksumCalculation: 'WHEN_REQUIRED'` the SDK
 * signs a CRC32 of an empty body into every URL, which S3 then holds the photo to and refuses.
 */
export function awsPresigner(config: S3ClientConfig = {}): S3Client {
  return new S3Client({ ...config, requestChecksumCalculation: 'WHEN_REQUIRED' });
}

/**
 * The deployed stack's: its bucket and metadata table, each thumbnailer's failure queue, and after
 * the drain the thumbnailers' REPORT lines from CloudWatch Logs. Each thumbnailer's configuration
 * (memory size, log group) is read first, so missing credentials or a stack deployed before the
 * thumbnailers stop the run before anything is uploaded.
 */
export async function awsTarget(
  deployed: DeployedStack,
  contenders: readonly ContenderName[],
  runDir: string,
  clients: AwsClients = awsClients(),
  polling?: ReportPolling,
): Promise<PipelineTarget> {
  const destroy = () => Object.values(clients).forEach((client) => client.destroy());
  const sources = await thumbnailerReportSources(clients.lambda, deployed, contenders).catch((error: unknown) => {
    destroy();
    throw error;
  });
  const stores: PipelineStores = { s3: clients.s3, dynamodb: clients.dynamodb, bucket: deployed.bucketName, table: deployed.metadataTableName };
  const source = awsEvents({
    sqs: clients.sqs,
    queues: contenders.map((name) => ({ thumbnailer: thumbnailers[name].name, url: deployed.failureQueueUrls[thumbnailers[name].name] })),
    failuresFile: path.join(runDir, asyncFailuresFile.dir, asyncFailuresFile.name),
  });
  return {
    planUploads: async (options) => {
      try {
        return await planUploads({ ...options, s3: clients.presigner, bucket: deployed.bucketName });
      } catch (error) {
        throw awsError(error, `presigning the uploads to ${deployed.bucketName}`);
      }
    },
    k6Env: { TARGET: 'aws' },
    drain: async (runId, names) => {
      try {
        return await drain(stores, source, runId, names);
      } catch (error) {
        throw awsError(error, `reading what the uploads became from ${deployed.bucketName} and ${deployed.metadataTableName}`);
      }
    },
    afterDrain: async (pipeline, startTime) => {
      console.error(`thumbnails: reading the thumbnailers' REPORT lines from CloudWatch Logs…`);
      const reports = await collectReports({
        logs: clients.logs,
        // Every upload was invoked at least once; a retry's line came minutes before the drain ended.
        sources: sources.map(({ contender, ...each }) => ({ ...each, expected: pipeline.contenders[contender]?.uploads ?? 0 })),
        window: runWindow(startTime),
        label: 'after the drain',
        command: 'thumbnails',
        polling,
      });
      await writeReportRecords(runDir, reports);
    },
    stop: async () => destroy(),
  };
}

/** Each thumbnailer's REPORT lines: its log group and memory size, from its configuration (as tune reads its functions'). */
export async function thumbnailerReportSources(
  lambda: LambdaClient,
  deployed: DeployedStack,
  contenders: readonly ContenderName[],
): Promise<(ReportSource & { contender: ContenderName })[]> {
  const configured = await readTunedFunctions(lambda, contenders.map((name) => ({ name, functionName: deployed.functionNames[thumbnailers[name].name] })));
  return configured.map((fn) => ({ contender: fn.name, name: thumbnailers[fn.name].name, logGroup: fn.logGroup, memoryMb: fn.originalMb }));
}

/** The stack's outputs (`npm run deploy` writes them); none is bad input, as is an outputs file that lacks what the run reads. */
export async function deployedStack(file: string = defaultOutputsFile): Promise<DeployedStack> {
  let deployed: DeployedStack | undefined;
  try {
    deployed = await readOutputsFile(defaultStackName, file);
  } catch (error) {
    throw error instanceof CommandError ? new CommandError(error.message, badInput) : error;
  }
  if (!deployed) throw new CommandError(`TARGET=aws npm run thumbnails reads the stack from ${path.relative(process.cwd(), file)}, which npm run deploy writes: deploy the stack first`, badInput);
  return deployed;
}

/** On AWS the uploads cost money: say how much, and go on only when the user said yes. */
async function confirmAwsCost(settings: Settings, env: Env, deployed: DeployedStack, yes: boolean): Promise<void> {
  const perContender = plannedUploads(settings, env) / settings.contenders.length;
  confirmThumbnailsCost(
    { label: 'thumbnails test', uploads: Object.fromEntries(settings.contenders.map((name) => [name, perContender])), architecture: deployed.architecture },
    { pricing: await loadPricing(env.PRICING), yes },
  );
}

function drain(stores: PipelineStores, source: EventSource, runId: string, contenders: readonly ContenderName[]): Promise<ThumbnailPipeline> {
  return drainPipeline({ stores, source, runId, contenders, timeoutMs: drainTimeoutMs, report: (line) => console.error(line) });
}

/** An upload with neither outcome, or whose item and thumbnail disagree, fails the run. */
function lossFound(pipeline: ThumbnailPipeline): boolean {
  return Object.values(pipeline.contenders).some((each) => each && (each.lost.count > 0 || each.inconsistent.count > 0 || each.strayThumbnails.count > 0));
}
