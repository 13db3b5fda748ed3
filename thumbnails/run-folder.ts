import { thumbnailers, type ContenderName } from '../functions.config.ts';

/**
 * A run's own folder under a contender's prefixes, `uploads/<contender>/<runId>/` and
 * `thumbnails/<contender>/<runId>/`: the plan names its uploads in it, the collection reads it.
 */
export function runFolder(contender: ContenderName, runId: string): { uploads: string; thumbnails: string } {
  const fn = thumbnailers[contender];
  return { uploads: `${fn.uploadPrefix}${runId}/`, thumbnails: `${fn.thumbnailPrefix}${runId}/` };
}
