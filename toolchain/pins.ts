/**
 * Every external piece the project runs, pinned. The toolchain step installs exactly these
 * versions into `.tools/` and refuses to reuse a folder that holds another version.
 */
export const pins = {
  /** AWS's own DynamoDB emulator, from Maven Central. */
  dynamodbLocal: { group: 'software.amazon.dynamodb', artifact: 'DynamoDBLocal', version: '3.3.1' },
  /** A maintained S3 gateway; its POSIX backend stores objects as plain files. */
  versitygw: { module: 'github.com/versity/versitygw', command: 'cmd/versitygw', version: 'v1.8.0' },
  /** The same major as the `nodejs24.x` Lambda runtime the Node function is deployed to. */
  node: { version: '24.21.0' },
} as const;
