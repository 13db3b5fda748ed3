import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { rawOutputFile } from '../formats/raw-output.ts';
import { equalSegments, segmentFolderName, segmentsDir } from '../formats/segments.ts';
import type { ScenarioName } from '../k6.config.ts';

/** S3 refuses a presigned URL that lives longer than 7 days (SigV4's limit). */
export const maxExpirySeconds = 7 * 24 * 3_600;

/** Under this prefix in the stack's bucket: its lifecycle rule expires every object after a day. */
export const resultsPrefix = 'results';

/** One object a runner's sidecar PUTs: a segment's raw output or its summary. */
export interface SegmentUpload {
  /** `2-of-4`: the segment's folder, under `segments/` in S3 and in the run folder fetched back. */
  segment: string;
  /** `smoke.raw.json.gz`, `smoke.summary.json`. */
  file: string;
  key: string;
  url: string;
}

export interface UploadUrlOptions {
  /** A client made with `requestChecksumCalculation: 'WHEN_REQUIRED'` (see cli/thumbnails.ts `awsPresigner`). */
  s3: S3Client;
  bucket: string;
  runId: string;
  test: ScenarioName;
  parallelism: number;
  expiresInSeconds: number;
}

/** A runner's files: k6's raw output (`--out json=`, gzipped for the name) and the summary handleSummary writes. */
export const segmentFile = {
  raw: rawOutputFile,
  summary: (test: ScenarioName) => `${test}.summary.json`,
};

/** What a runner of `test` hands back, in upload order: the summary last, as the mark of a complete segment. */
export function segmentFiles(test: ScenarioName): string[] {
  return [segmentFile.raw(test), segmentFile.summary(test)];
}

/** `results/<runId>/segments/2-of-4/smoke.summary.json`: the run folder's layout, under the results prefix. */
export function uploadKey(runId: string, segment: string, file: string): string {
  return `${resultsPrefix}/${runId}/${segmentsDir}/${segment}/${file}`;
}

/** The Secret's key for an upload's URL, the file the sidecar reads it from: `2-of-4.smoke.summary.json`. */
export function urlKey(upload: Pick<SegmentUpload, 'segment' | 'file'>): string {
  return `${upload.segment}.${upload.file}`;
}

/**
 * A presigned PutObject URL for each segment's raw output and summary. The SDK signs locally
 * (SigV4 in the query string): nothing is sent to AWS, but credentials and a region are needed.
 * No Content-Type is signed, so curl's plain `--upload-file` matches.
 */
export async function presignUploads(options: UploadUrlOptions): Promise<SegmentUpload[]> {
  const uploads = equalSegments(options.parallelism).flatMap((segment) =>
    segmentFiles(options.test).map((file) => ({ segment: segmentFolderName(segment), file })),
  );
  return Promise.all(
    uploads.map(async ({ segment, file }) => {
      const key = uploadKey(options.runId, segment, file);
      const url = await getSignedUrl(options.s3, new PutObjectCommand({ Bucket: options.bucket, Key: key }), { expiresIn: options.expiresInSeconds });
      return { segment, file, key, url };
    }),
  );
}
