import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ContenderName } from '../functions.config.ts';
import type { PlannedPhoto, PlannedUpload, UploadPlan } from '../formats/upload-plan.ts';
import { runFolder } from './run-folder.ts';

export interface PlanOptions {
  /**
   * A client made with `requestChecksumCalculation: 'WHEN_REQUIRED'`: otherwise the SDK signs a
   * CRC32 of an empty body into every URL, which real S3 then holds the photo to and refuses.
   */
  s3: S3Client;
  bucket: string;
  runId: string;
  contenders: readonly ContenderName[];
  photos: readonly PlannedPhoto[];
  /** Uploads in all; contenders take turns, and each goes through the photos in the same order. */
  count: number;
  /** How long each URL is valid: the run's length and its slack. */
  expiresInSeconds: number;
}

/**
 * One presigned PutObject URL per upload, signed by the SDK (SigV4, query string) with the
 * photo's Content-Type, which k6 then sends. Keys name the turn and the photo:
 * `uploads/<contender>/<runId>/00007-12mp.jpg`.
 */
export async function planUploads(options: PlanOptions): Promise<UploadPlan> {
  const { contenders, photos } = options;
  const uploads: PlannedUpload[] = [];
  for (let index = 0; index < options.count; index += 1) {
    const contender = contenders[index % contenders.length]!;
    const turn = Math.floor(index / contenders.length);
    const photo = photos[turn % photos.length]!;
    const key = `${runFolder(contender, options.runId).uploads}${String(turn).padStart(5, '0')}-${photo.name}${extension(photo)}`;
    const url = await getSignedUrl(options.s3, new PutObjectCommand({ Bucket: options.bucket, Key: key, ContentType: photo.contentType }), {
      expiresIn: options.expiresInSeconds,
    });
    uploads.push({ contender, photo: photo.name, key, url });
  }
  return { photos: [...photos], uploads };
}

function extension(photo: PlannedPhoto): string {
  return photo.contentType === 'image/png' ? '.png' : '.jpg';
}
