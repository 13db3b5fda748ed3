/**
 * The deployed stack's outputs, as `cdk deploy --outputs-file` writes them:
 * `{ "<stack>": { "<output key>": "<value>" } }`. The stack writes the keys, the AWS tools and the
 * `TARGET=aws` load tests read them back. Constants only: k6 scripts bundle this file.
 */
import type { FunctionName } from '../functions.config.ts';

/** Where `npm run deploy` writes them, from the repository's root. */
export const awsOutputsFile = 'results/aws/outputs.json';

/** CloudFormation output keys. */
export const outputKeys = {
  apiUrl: 'ApiUrl',
  bucketName: 'BucketName',
  tableName: 'TableName',
  architecture: 'Architecture',
  functionName: (name: FunctionName) => `${name[0]!.toUpperCase()}${name.slice(1)}FunctionName`,
} as const;
