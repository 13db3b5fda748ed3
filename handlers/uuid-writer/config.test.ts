import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.ts';

const complete = { BUCKET_NAME: 'objects', TABLE_NAME: 'items' };

describe('readConfig', () => {
  it('reads the bucket and table names', () => {
    // Given both variables set, on AWS (no custom S3 endpoint)
    // When the configuration is read
    const config = readConfig(complete);

    // Then it carries the names and keeps S3's virtual-hosted addressing
    expect(config).toEqual({ bucketName: 'objects', tableName: 'items', s3ForcePathStyle: false });
  });

  it('uses path-style S3 addressing only when a custom S3 endpoint is set', () => {
    // Given a local S3 endpoint
    // When the configuration is read
    const config = readConfig({ ...complete, AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000' });

    // Then bucket names go in the path
    expect(config.s3ForcePathStyle).toBe(true);
  });

  it.each([
    ['BUCKET_NAME', undefined],
    ['BUCKET_NAME', ''],
    ['TABLE_NAME', undefined],
    ['TABLE_NAME', '  '],
  ])('throws a ConfigError naming %s when it is %j', (variable, value) => {
    // Given one variable missing or blank
    const env = { ...complete, [variable]: value };

    // When the configuration is read
    // Then the error names that variable, on one line
    const read = () => readConfig(env);
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(expect.objectContaining({ variable, message: expect.stringMatching(new RegExp(`^${variable} is not set[^\\n]*$`)) }));
  });
});
