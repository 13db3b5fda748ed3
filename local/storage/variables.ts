import { endpointVariables } from '../../functions.config.ts';

/**
 * The standard variables that describe running local storage to either SDK: what the servers
 * export, what a function's process and the tests' clients are handed.
 */
export const awsVariables = {
  s3Endpoint: endpointVariables.s3,
  dynamodbEndpoint: endpointVariables.dynamodb,
  accessKeyId: 'AWS_ACCESS_KEY_ID',
  secretAccessKey: 'AWS_SECRET_ACCESS_KEY',
  region: 'AWS_REGION',
} as const;
