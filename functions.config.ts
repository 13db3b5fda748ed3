/**
 * The one declaration of what gets deployed: the storage both functions write to and the functions
 * themselves. The CDK stack and the local stand-in both read it, so a number lives here only.
 */

/** Both functions write to the same bucket and table; the key prefix tells them apart. */
export const storage = {
  /** Locally the bucket has this name; on AWS, CloudFormation names it and the function gets it by env. */
  bucketName: 'lambda-duel-objects',
  tableName: 'lambda-duel-items',
  /** The table's only key: the UUID, a string partition key. */
  partitionKey: { name: 'id', type: 'S' },
} as const;

export type Runtime = 'node' | 'rust';

export const runtimes: readonly Runtime[] = ['node', 'rust'];
