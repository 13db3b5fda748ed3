import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { thumbnailers, type ContenderName } from '../functions.config.ts';
import { thumbnailPipelineFile, type ThumbnailPipeline } from '../formats/thumbnail-pipeline.ts';
import { uploadPlanFile } from '../formats/upload-plan.ts';
import { plannedUploads, thumbnailsSeconds, uploadPlanVariable } from '../k6.config.ts';
import { startStandIn, type StandIn } from '../local/stand-in.ts';
import { localClients } from '../local/storage/resources.ts';
import { localCredentials, localRegion } from '../local/storage/credentials.ts';
import { builtInPricing, compareRunFolder } from '../compare/write-comparison.ts';
import { badInput, CommandError } from '../toolchain/command.ts';
import { withCleanup } from '../toolchain/interrupt.ts';
import { parseOptions } from '../toolchain/options.ts';
import { buildPaths, repoRoot } from '../toolchain/paths.ts';
import { ensurePhotos } from '../thumbnails/photos.ts';
import { drainPipeline } from '../thumbnails/drain.ts';
import { standInEvents } from '../thumbnails/local-events.ts';
import { planUploads } from '../thumbnails/upload-plan.ts';
import { renderOutcomes } from '../thumbnails/outcomes-text.ts';
import { timestamp } from './local.ts';
import { prepare } from './prepare.ts';
import { runK6, startedRun, validatedCpuModel, validatedSettings } from './run-scenario.ts';

/** Past the declared retries (1 and then 2 minutes after a function error) and the slowest photo. */
const drainTimeoutMs = 5 * 60_000;

/**
 * `npm run thumbnails`: photos uploaded to every contender's upload prefix at RATE per second for
 * DURATION, each upload turned into a thumbnail and an item by that contender's thumbnailer through
 * S3's event and Lambda's asynchronous invocation; then, once the pipeline has drained, what every
 * upload became, and the contenders side by side.
 */
export async function runThumbnails(args: string[]): Promise<number> {
  parseOptions(args, {}, { usage: 'usage: npm run thumbnails' });
  const env = process.env;
  const settings = validatedSettings(env);
  const cpuModel = validatedCpuModel(env.CPU_MODEL);
  if (settings.target !== 'local' || env.BASE_URL !== undefined) {
    throw new CommandError('npm run thumbnails runs on the local stand-in only for now: TARGET=aws needs the failure queues read, which is not built yet', badInput);
  }
  await prepare();
  // Made by the build; read back here.
  const photos = await ensurePhotos(() => undefined);
  const runDir = path.join(repoRoot, 'results', `${timestamp()}-thumbnails`);
  const runId = path.basename(runDir);
  await mkdir(runDir, { recursive: true });
  await copyFile(path.join(buildPaths.dist, 'artifacts.json'), path.join(runDir, 'artifacts.json'));
  const standIn = await startStandIn({ logDir: path.join(runDir, 'lambda'), functions: settings.contenders.map((name) => thumbnailers[name]), cpuModel });
  const run = async () => {
    const plan = await planUploads({
      s3: presigner(standIn),
      bucket: standIn.storage.bucketName,
      runId,
      contenders: settings.contenders,
      photos: photos.map((photo) => ({ name: photo.name, file: photo.path, contentType: photo.contentType })),
      count: plannedUploads(settings, env),
      expiresInSeconds: thumbnailsSeconds(settings) + 3_600,
    });
    const planFile = path.join(runDir, uploadPlanFile);
    await writeFile(planFile, JSON.stringify(plan));
    console.error(`thumbnails: ${plan.uploads.length} uploads of ${photos.length} photos to ${settings.contenders.map((name) => thumbnailers[name].uploadPrefix).join(', ')} over ${thumbnailsSeconds(settings)} s`);
    const code = await runK6('thumbnails', runDir, { ...env, [uploadPlanVariable]: planFile, BASE_URL: standIn.url, TARGET: 'local' });
    await startedRun(path.join(runDir, 'thumbnails.summary.json'), runDir);
    const pipeline = await drain(standIn, runId, settings.contenders);
    await writeFile(path.join(runDir, thumbnailPipelineFile), `${JSON.stringify(pipeline, null, 2)}\n`);
    console.log(renderOutcomes(pipeline).join('\n'));
    return { code, pipeline };
  };
  const { code, pipeline } = await withCleanup(run, () => standIn.stop());
  await compareRunFolder(runDir, builtInPricing);
  console.error(`results: ${path.relative(process.cwd(), runDir)}/`);
  return code !== 0 ? code : lossFound(pipeline) ? 1 : 0;
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

async function drain(standIn: StandIn, runId: string, contenders: readonly ContenderName[]): Promise<ThumbnailPipeline> {
  const { s3, dynamodb } = localClients(standIn.storage.env);
  try {
    return await drainPipeline({
      stores: { s3, dynamodb, bucket: standIn.storage.bucketName, table: standIn.storage.metadataTableName },
      source: standInEvents(standIn),
      runId,
      contenders,
      timeoutMs: drainTimeoutMs,
      report: (line) => console.error(line),
    });
  } finally {
    s3.destroy();
    dynamodb.destroy();
  }
}

/** An upload with neither outcome, or whose item and thumbnail disagree, fails the run. */
function lossFound(pipeline: ThumbnailPipeline): boolean {
  return Object.values(pipeline.contenders).some((each) => each && (each.lost.count > 0 || each.inconsistent.count > 0));
}
