import { check } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import type { Options } from 'k6/options';
import { thumbnailsOptions, uploadPlanVariable } from '../k6.config.ts';
import type { UploadPlan } from '../formats/upload-plan.ts';
// The per-route metrics the shared thresholds name exist in every test, though no upload is cold or warm.
import './lib/metrics.ts';
import { settings } from './lib/settings.ts';
import { summaryHandler } from './lib/summary.ts';
import type { SetupData } from './lib/test.ts';

export const options: Options = thumbnailsOptions(settings, __ENV);

const plan = readPlan();
// Each VU holds the photos once, read at init: an upload sends bytes from memory, not from disk.
const bodies: Record<string, ArrayBuffer> = Object.fromEntries(plan.photos.map((photo) => [photo.name, open(photo.file, 'b')]));
const contentTypes: Record<string, string> = Object.fromEntries(plan.photos.map((photo) => [photo.name, photo.contentType]));

function readPlan(): UploadPlan {
  const file = __ENV[uploadPlanVariable];
  if (!file) throw new Error(`${uploadPlanVariable} is not set: npm run thumbnails writes the upload plan and names it`);
  return JSON.parse(open(file)) as UploadPlan;
}

export function setup(): SetupData {
  return { startedAt: Date.now() };
}

/** One photo to its contender's upload prefix: S3 answers 200 to a PUT that stored it. */
export function upload(): void {
  const planned = plan.uploads[exec.scenario.iterationInTest];
  if (!planned) return;
  const tags = { route: planned.contender, photo: planned.photo };
  const response = http.put(planned.url, bodies[planned.photo]!, {
    headers: { 'Content-Type': contentTypes[planned.photo]! },
    tags,
    responseCallback: http.expectedStatuses(200),
  });
  check(response, { 'upload stored (200)': (r) => r.status === 200 }, tags);
}

export const handleSummary = summaryHandler('thumbnails');
