/**
 * The upload plan of a thumbnails run: the runner writes it before k6 starts, k6 reads it at init
 * (UPLOAD_PLAN). One upload per iteration, in order, each to a presigned PUT URL the runner made
 * with the AWS SDK, so k6 signs nothing and holds no credentials. Types only: k6 bundles it.
 */
import type { ContenderName } from '../functions.config.ts';

export interface PlannedPhoto {
  name: string;
  /** Absolute path, as k6's open() takes it. */
  file: string;
  contentType: 'image/jpeg' | 'image/png';
}

export interface PlannedUpload {
  contender: ContenderName;
  photo: string;
  /** The object key, under the contender's upload prefix. */
  key: string;
  /** A presigned PutObject URL for the key, valid for the run. */
  url: string;
}

export interface UploadPlan {
  photos: PlannedPhoto[];
  /** Iteration i of the test sends uploads[i]; an iteration past the end sends nothing. */
  uploads: PlannedUpload[];
}

export const uploadPlanFile = 'thumbnails.uploads.json';
