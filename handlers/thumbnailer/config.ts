/**
 * What the thumbnailer needs from its environment, read once at cold start, by the uuid writer's
 * rules: values are trimmed and a blank one counts as unset; a service's own endpoint variable
 * overrides the global one, as the AWS SDKs resolve it; a custom S3 endpoint gets path-style URLs.
 * The bucket is not configured: each record names its own, and the thumbnail goes to the same one.
 */

import { endpointVariables, thumbnailerVariables } from '../../functions.config.ts';

/**
 * `UPLOAD_PREFIX` (`uploads/<contender>/`: the only keys it reads, the notification's filter too),
 * `THUMBNAIL_PREFIX` (`thumbnails/<contender>/`, outside every upload prefix so no thumbnail triggers
 * a function), `METADATA_TABLE_NAME` (partition key `sourceKey`, S), the optional `MAX_SOURCE_BYTES`
 * (`defaultMaxSourceBytes` when unset), and the endpoints.
 */
export const variables = {
  ...thumbnailerVariables,
  endpoint: 'AWS_ENDPOINT_URL',
  s3Endpoint: endpointVariables.s3,
  dynamodbEndpoint: endpointVariables.dynamodb,
} as const;

/** 25 MiB: four times a 12 MP JPEG at high quality (about 5 MiB), far more than a phone photo. */
export const defaultMaxSourceBytes = 25 * 1024 * 1024;

export interface Config {
  uploadPrefix: string;
  thumbnailPrefix: string;
  tableName: string;
  maxSourceBytes: number;
  /** A configured endpoint (a local server), handed to the client; undefined means AWS's own. */
  s3Endpoint: string | undefined;
  dynamodbEndpoint: string | undefined;
  s3ForcePathStyle: boolean;
}

/** A variable is missing or unusable; thrown at import, so Lambda reports an init error naming it. */
export class ConfigError extends Error {
  override name = 'ConfigError';

  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
  }
}

export function readConfig(env: NodeJS.ProcessEnv): Config {
  const uploadPrefix = prefix(env, variables.uploadPrefix);
  const thumbnailPrefix = prefix(env, variables.thumbnailPrefix);
  if (thumbnailPrefix.startsWith(uploadPrefix) || uploadPrefix.startsWith(thumbnailPrefix)) {
    throw new ConfigError(variables.thumbnailPrefix, `must not overlap ${variables.uploadPrefix}: a thumbnail would trigger the function again`);
  }
  const tableName = required(env, variables.tableName);
  const maxSourceBytes = positiveInteger(env, variables.maxSourceBytes) ?? defaultMaxSourceBytes;
  const s3Endpoint = optional(env, variables.s3Endpoint) ?? optional(env, variables.endpoint);
  const dynamodbEndpoint = optional(env, variables.dynamodbEndpoint) ?? optional(env, variables.endpoint);
  return { uploadPrefix, thumbnailPrefix, tableName, maxSourceBytes, s3Endpoint, dynamodbEndpoint, s3ForcePathStyle: s3Endpoint !== undefined };
}

/** A key prefix names a folder: it ends with '/', so `uploads/node/` never matches `uploads/nodejs/…`. */
function prefix(env: NodeJS.ProcessEnv, variable: string): string {
  const value = required(env, variable);
  if (!value.endsWith('/')) throw new ConfigError(variable, `must end with '/', got '${value}'`);
  return value;
}

function positiveInteger(env: NodeJS.ProcessEnv, variable: string): number | undefined {
  const value = optional(env, variable);
  if (value === undefined) return undefined;
  const bytes = Number(value);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new ConfigError(variable, `must be a whole number of bytes above 0, got '${value}'`);
  return bytes;
}

function required(env: NodeJS.ProcessEnv, variable: string): string {
  const value = optional(env, variable);
  if (value === undefined) throw new ConfigError(variable, 'is not set: the function needs it to know what to read and where to write');
  return value;
}

/** The trimmed value, or undefined for a variable that is unset or blank. */
function optional(env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const value = env[variable]?.trim();
  return value ? value : undefined;
}
