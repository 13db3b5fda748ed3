/**
 * The deployed stack's outputs, as `cdk deploy --outputs-file` writes them:
 * `{ "<stack>": { "<output key>": "<value>" } }`. The stack writes the keys, the AWS tools and the
 * `TARGET=aws` load tests read them back. Constants only: k6 scripts bundle this file.
 */
import type { DeployedName, ThumbnailerName } from '../functions.config.ts';

/** Where `npm run deploy` writes them, from the repository's root. */
export const awsOutputsFile = 'results/aws/outputs.json';

/** CloudFormation output keys (letters and digits only: `node-thumbnailer` → `NodeThumbnailer…`). */
export const outputKeys = {
  apiUrl: 'ApiUrl',
  bucketName: 'BucketName',
  tableName: 'TableName',
  /** The thumbnailers' table. */
  metadataTableName: 'MetadataTableName',
  architecture: 'Architecture',
  /** Every deployed function's name: `NodeFunctionName`, `NodeThumbnailerFunctionName`. */
  functionName: (name: DeployedName) => `${pascalCase(name)}FunctionName`,
  /** A thumbnailer's on-failure queue: `NodeThumbnailerFailureQueueUrl`. */
  failureQueueUrl: (name: ThumbnailerName) => `${pascalCase(name)}FailureQueueUrl`,
} as const;

function pascalCase(name: string): string {
  return name
    .split('-')
    .map((part) => `${part[0]!.toUpperCase()}${part.slice(1)}`)
    .join('');
}
