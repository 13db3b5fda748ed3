/** What the function needs from its environment, read once at cold start. */
export interface Config {
  bucketName: string;
  tableName: string;
  /**
   * A custom S3 endpoint (a local server) cannot serve `<bucket>.<host>` names, so it gets
   * path-style URLs; real S3 keeps virtual-hosted style.
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
  return {
    bucketName: required(env, 'BUCKET_NAME'),
    tableName: required(env, 'TABLE_NAME'),
    s3ForcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3),
  };
}

function required(env: NodeJS.ProcessEnv, variable: string): string {
  const value = env[variable];
  if (!value?.trim()) throw new ConfigError(variable);
  return value;
}
