/**
 * Every external piece the project runs, pinned. The toolchain step installs exactly these
 * versions into `.tools/` and refuses to reuse a folder that holds another version.
 */
export const pins = {
  /** AWS's own DynamoDB emulator, from Maven Central. */
  dynamodbLocal: { group: 'software.amazon.dynamodb', artifact: 'DynamoDBLocal', version: '3.3.1' },
  /** A maintained S3 gateway; its POSIX backend stores objects as plain files. */
  versitygw: { module: 'github.com/versity/versitygw', command: 'cmd/versitygw', version: 'v1.8.0' },
  /** The load generator; v2 is not on the module proxy, v1.8 is its newest line there. */
  k6: { module: 'go.k6.io/k6', command: '', version: 'v1.8.1' },
  /** The same major as the `nodejs24.x` Lambda runtime the Node function is deployed to. */
  node: { version: '24.21.0' },
  /**
   * Cross-builds the Rust function for Lambda (arm64 or x86_64 Linux, glibc of AL2023) from PyPI:
   * cargo-lambda's wheel carries its binary, and it links through zig (the `ziglang` wheel).
   * zig 0.15.2 is the release the cross-build was verified with (0.16 broke linking for many projects).
   */
  cargoLambda: { version: '1.9.2', zig: '0.15.2' },
} as const;
