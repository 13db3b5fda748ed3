import { describe, expect, it } from 'vitest';
import { ConfigError, defaultMaxSourceBytes, readConfig, variables } from './config.ts';

const minimal = {
  [variables.uploadPrefix]: 'uploads/node/',
  [variables.thumbnailPrefix]: 'thumbnails/node/',
  [variables.tableName]: 'thumbnails',
};

describe('readConfig', () => {
  it('reads the prefixes and the table, with the default maximum and AWS endpoints', () => {
    expect(readConfig(minimal)).toEqual({
      uploadPrefix: 'uploads/node/',
      thumbnailPrefix: 'thumbnails/node/',
      tableName: 'thumbnails',
      maxSourceBytes: defaultMaxSourceBytes,
      s3Endpoint: undefined,
      dynamodbEndpoint: undefined,
      s3ForcePathStyle: false,
    });
  });

  it('takes each service endpoint over the global one, trimmed, and gives a custom S3 path-style URLs', () => {
    const config = readConfig({ ...minimal, AWS_ENDPOINT_URL: ' http://127.0.0.1:9000 ', AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000', MAX_SOURCE_BYTES: '1024' });
    expect(config).toMatchObject({ s3Endpoint: 'http://127.0.0.1:9000', dynamodbEndpoint: 'http://127.0.0.1:8000', s3ForcePathStyle: true, maxSourceBytes: 1024 });
  });

  it.each([
    ['a missing upload prefix', { ...minimal, UPLOAD_PREFIX: ' ' }, 'UPLOAD_PREFIX is not set'],
    ['a missing table', { ...minimal, METADATA_TABLE_NAME: undefined }, 'METADATA_TABLE_NAME is not set'],
    ['a prefix that is not a folder', { ...minimal, UPLOAD_PREFIX: 'uploads/node' }, "UPLOAD_PREFIX must end with '/', got 'uploads/node'"],
    ['a thumbnail prefix inside the upload prefix', { ...minimal, THUMBNAIL_PREFIX: 'uploads/node/thumbs/' }, 'THUMBNAIL_PREFIX must not overlap UPLOAD_PREFIX'],
    ['a maximum that is not a whole number', { ...minimal, MAX_SOURCE_BYTES: '25MB' }, "MAX_SOURCE_BYTES must be a whole number of bytes above 0, got '25MB'"],
  ])('fails on %s with one line naming the variable', (_name, env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(expect.objectContaining({ message: expect.stringMatching(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\n]*$`)) }));
  });
});
