/**
 * What the function needs from its environment, read once at cold start. The rules, shared with
 * every contender through `contract/configuration-cases.json`: values are trimmed and a blank one
 * counts as unset; a service's own endpoint variable overrides the global one, as the AWS SDKs
 * resolve it; BUCKET_NAME is checked before TABLE_NAME.
 */

import { endpointVariables, storageVariables } from '../../functions.config.ts';

/**
 * Every variable the function reads: the names the stack and the stand-in set come from the
 * declaration; only the function reads the global endpoint.
 */
export const variables = {
  bucketName: storageVariables.bucket,
  tableName: storageVariables.table,
  endpoint: 'AWS_ENDPOINT_URL',
  s3Endpoint: endpointVariables.s3,
  dynamodbEndpoint: endpointVariables.dynamodb,
} as const;

export interface Config {
  bucketName: string;
  tableName: string;
  /** A configured endpoint (a local server), handed to the client; undefined means AWS's own. */
  s3Endpoint: string | undefined;
  dynamodbEndpoint: string | undefined;
  /**
   * A configured S3 endpoint cannot serve `<bucket>.<host>` names, so it gets path-style URLs;
   * real S3 keeps virtual-hosted style.
   */
  s3ForcePathStyle: boolean;
}

/** A variable the function cannot run without is missing; thrown at import, so Lambda reports an init error. */
export class ConfigError extends Error {
  override name = 'ConfigError';

  constructor(readonly variable: string) {
    super(`${variable} is not set: the function needs it to know where to write`);
  }
}

export function readConfig(env: NodeJS.ProcessEnv): Config {
  const bucketName = required(env, variables.bucketName);
  const tableName = required(env, variables.tableName);
  const s3Endpoint = optional(env, variables.s3Endpoint) ?? optional(env, variables.endpoint);
  const dynamodbEndpoint = optional(env, variables.dynamodbEndpoint) ?? optional(env, variables.endpoint);
  return { bucketName, tableName, s3Endpoint, dynamodbEndpoint, s3ForcePathStyle: s3Endpoint !== undefined };
}

function required(env: NodeJS.ProcessEnv, variable: string): string {
  const value = optional(env, variable);
  if (value === undefined) throw new ConfigError(variable);
  return value;
}

/** The trimmed value, or undefined for a variable that is unset or blank. */
function optional(env: NodeJS.ProcessEnv, variable: string): string | undefined {
  const value = env[variable]?.trim();
  return value ? value : undefined;
}
