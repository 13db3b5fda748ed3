import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig, type Config } from './config.ts';

/** One row of the configuration table every contender's tests run. */
interface ConfigurationCase {
  name: string;
  env: Record<string, string>;
  expected:
    | { config: { bucketName: string; tableName: string; s3Endpoint: string | null; dynamodbEndpoint: string | null; s3PathStyle: boolean } }
    | { missing: string };
}

const { cases } = JSON.parse(readFileSync(new URL('../../contract/configuration-cases.json', import.meta.url), 'utf8')) as {
  cases: ConfigurationCase[];
};

/** The table's neutral field names, as this function's Config spells them. */
function asConfig({ bucketName, tableName, s3Endpoint, dynamodbEndpoint, s3PathStyle }: Extract<ConfigurationCase['expected'], { config: unknown }>['config']): Config {
  return { bucketName, tableName, s3Endpoint: s3Endpoint ?? undefined, dynamodbEndpoint: dynamodbEndpoint ?? undefined, s3ForcePathStyle: s3PathStyle };
}

describe('readConfig, against the configuration cases every contender runs', () => {
  it('has cases to run', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.map((row) => [row.name, row] as const))('%s', (_name, { env, expected }) => {
    // Given exactly the environment of the case
    // When the configuration is read
    const read = () => readConfig(env);

    // Then it holds the expected fields, or fails naming the missing variable on one line
    if ('config' in expected) {
      expect(read()).toEqual(asConfig(expected.config));
    } else {
      expect(read).toThrow(ConfigError);
      expect(read).toThrow(expect.objectContaining({ variable: expected.missing, message: expect.stringMatching(new RegExp(`^${expected.missing} is not set[^\\n]*$`)) }));
    }
  });
});
