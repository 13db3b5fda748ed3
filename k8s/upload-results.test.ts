import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { awsPresigner } from '../cli/thumbnails.ts';
import { equalSegments, segmentArguments } from '../formats/segments.ts';
import { localCredentials, localRegion } from '../local/storage/credentials.ts';
import { storageFromEnv } from '../local/storage/index.ts';
import { createBucket, deleteBucket, localClients } from '../local/storage/resources.ts';
import { uniqueName } from '../local/testing/scratch-storage.ts';
import { spawnCommand } from '../toolchain/command.ts';
import { buildPaths, repoRoot, toolPaths } from '../toolchain/paths.ts';
import { presignUploads, segmentFile, urlKey, type SegmentUpload } from './upload-urls.ts';

const runId = '2026-12-02T14-00-00Z-k8s-smoke';
const script = path.join(repoRoot, 'k8s', 'upload-results.sh');
const { s3 } = localClients(process.env);
const storage = storageFromEnv(process.env);

/** The sidecar's pod, here: the results emptyDir and the Secret's files are folders of a temp dir. */
interface Pod {
  results: string;
  urls: string;
}

let dir = '';
let bucket = '';
let pod: Pod;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lambda-duel-sidecar-'));
  pod = { results: path.join(dir, 'results'), urls: path.join(dir, 'upload-urls') };
  await Promise.all([mkdir(pod.results), mkdir(pod.urls)]);
  bucket = uniqueName('k8s-results');
  await createBucket(s3, bucket);
});
afterEach(async () => {
  await Promise.all([deleteBucket(s3, bucket), rm(dir, { recursive: true, force: true })]);
});
afterAll(() => s3.destroy());

/** The Secret as the kubelet mounts it: one file per key, the URL its content. */
async function mountUrls(uploads: readonly SegmentUpload[]): Promise<void> {
  await Promise.all(uploads.map((upload) => writeFile(path.join(pod.urls, urlKey(upload)), upload.url)));
}

async function presigned(bucketName = bucket): Promise<SegmentUpload[]> {
  const presigner = awsPresigner({ endpoint: storage.s3Endpoint, forcePathStyle: true, region: localRegion, credentials: localCredentials });
  try {
    return await presignUploads({ s3: presigner, bucket: bucketName, runId, test: 'smoke', parallelism: 4, expiresInSeconds: 600 });
  } finally {
    presigner.destroy();
  }
}

/** `sh upload-results.sh` in the background, as the sidecar's container runs it; resolves once it is waiting. */
async function startSidecar() {
  const child = spawn('sh', [script], { env: { PATH: process.env.PATH, RESULTS_DIR: pod.results, URLS_DIR: pod.urls, TEST: 'smoke' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  // Its first line comes after its TERM trap is set, as a pod's sidecar has long been when k6 ends.
  await new Promise<void>((resolve) =>
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('upload-results: waiting for')) resolve();
    }),
  );
  return {
    /** The kubelet's TERM once k6 has exited; the exit code and what it logged. */
    stop: async () => {
      child.kill('SIGTERM');
      return { code: await exited, log };
    },
  };
}

async function stored(): Promise<Map<string, Buffer>> {
  const objects = new Map<string, Buffer>();
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket })) {
    for (const { Key } of page.Contents ?? []) {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
      objects.set(Key!, Buffer.from(await object.Body!.transformToByteArray()));
    }
  }
  return objects;
}

describe('the uploader sidecar, run with sh against versitygw', () => {
  let target: Server;
  let baseUrl = '';
  beforeAll(async () => {
    // Something that answers like a contender: the checks may fail, a summary is written either way.
    target = createServer((_request, response) => response.writeHead(201, { 'content-type': 'application/json', 'x-cold-start': 'false' }).end('{"id":"x","runtime":"node","key":"node/x","coldStart":false}'));
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => target.close(() => resolve())));

  it('PUTs a real segment\'s raw output and summary under its segment\'s keys, though TERM comes as k6 ends', async () => {
    // Given the sidecar waiting beside a k6 that runs segment 2 of 4 into the shared folder
    await mountUrls(await presigned());
    const sidecar = await startSidecar();
    const raw = path.join(pod.results, segmentFile.raw('smoke'));
    const k6 = await spawnCommand(toolPaths.k6, ['run', '--quiet', ...segmentArguments(equalSegments(4)[1]!), '--out', `json=${raw}`, path.join(buildPaths.dist, 'smoke.js')], {
      // Only what a runner pod is given (vitest's own MODE=test, for one, is not a k6 MODE).
      env: { PATH: process.env.PATH, HOME: os.tmpdir(), BASE_URL: baseUrl, TARGET: 'aws', RATE: '8', DURATION: '2s', RUN_ID: runId, RESULTS_DIR: pod.results, K6_NO_USAGE_REPORT: 'true' },
    });
    expect(k6.output).toContain('smoke.summary.json');
    // When the kubelet sends TERM right away, as it does once the main container has exited
    const { code, log } = await sidecar.stop();
    // Then the upload ran to its end, and the bucket holds exactly segment 2's two files, the raw one byte for byte
    expect(code, log).toBe(0);
    expect(log).toContain('upload-results: segment 2-of-4: smoke.raw.json.gz and smoke.summary.json uploaded');
    const objects = await stored();
    const prefix = `results/${runId}/segments/2-of-4`;
    expect([...objects.keys()].sort()).toEqual([`${prefix}/smoke.raw.json.gz`, `${prefix}/smoke.summary.json`]);
    expect(objects.get(`${prefix}/smoke.raw.json.gz`)!.equals(await readFile(raw))).toBe(true);
    const summary = JSON.parse(objects.get(`${prefix}/smoke.summary.json`)!.toString('utf8'));
    expect(summary.run.segment).toMatchObject({ index: 2, count: 4, executionSegment: '1/4:1/2' });
  });

  it('uploads nothing and says so in one line when k6 ended without a summary', async () => {
    await mountUrls(await presigned());
    const sidecar = await startSidecar();
    const { code, log } = await sidecar.stop();
    expect(code).toBe(0);
    expect(log).toContain('upload-results: k6 ended without a summary (its log says why): nothing uploaded\n');
    expect((await stored()).size).toBe(0);
  });

  it('keeps the summary back when the raw output could not be uploaded, so the segment reads as incomplete', async () => {
    // Given a raw output whose URL is for a bucket that does not exist (404: curl does not retry it)
    const good = await presigned();
    const bad = await presigned(uniqueName('no-such-bucket'));
    await mountUrls([...good.filter((upload) => upload.file.endsWith('.summary.json')), ...bad.filter((upload) => upload.file.endsWith('.raw.json.gz'))]);
    await writeFile(path.join(pod.results, segmentFile.raw('smoke')), 'raw');
    // The summary's shape as handleSummary writes it: indented JSON and a newline
    await writeFile(path.join(pod.results, segmentFile.summary('smoke')), `${JSON.stringify({ run: { id: runId, segment: { index: 3, count: 4 } } }, null, 2)}\n`);
    const sidecar = await startSidecar();
    // When it has had time to try (it looks every second)
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const { code, log } = await sidecar.stop();
    // Then nothing is in the bucket and the log says why
    expect(code).toBe(0);
    expect(log).toContain("upload-results: segment 3-of-4: an upload failed after curl's retries: the segment stays incomplete");
    expect((await stored()).size).toBe(0);
  });
});
