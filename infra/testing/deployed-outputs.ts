import { contenderNames, deployedFunctions, thumbnailers, type DeployedName } from '../../functions.config.ts';
import { outputKeys } from '../../formats/outputs.ts';
import { functionNameFor } from '../names.ts';

const deployedNames = deployedFunctions.map(({ name }) => name as DeployedName);
const thumbnailerNames = contenderNames.map((contender) => thumbnailers[contender].name);

/**
 * What `cdk deploy --outputs-file` writes for the stack: the API, each deployed function's name,
 * each thumbnailer's failure queue, the bucket, both tables and the architecture.
 */
export function deployedOutputs(apiUrl: string, architecture: string): Record<string, string> {
  return {
    [outputKeys.apiUrl]: apiUrl,
    ...Object.fromEntries(deployedNames.map((name) => [outputKeys.functionName(name), functionNameFor('LambdaDuel', name)])),
    ...Object.fromEntries(thumbnailerNames.map((name) => [outputKeys.failureQueueUrl(name), deployedFailureQueueUrls()[name]])),
    [outputKeys.bucketName]: 'lambdaduel-storagebucket5cb7c8ea-abc',
    [outputKeys.tableName]: 'LambdaDuel-StorageTableB43FDCE7-XYZ',
    [outputKeys.metadataTableName]: 'LambdaDuel-StorageMetadataTableFA6FB852-XYZ',
    [outputKeys.architecture]: architecture,
  };
}

/** The function names the tools read back from those outputs. */
export function deployedFunctionNames(): Record<string, string> {
  return Object.fromEntries(deployedNames.map((name) => [name, functionNameFor('LambdaDuel', name)]));
}

/** The failure queues' URLs in those outputs, by thumbnailer. */
export function deployedFailureQueueUrls(): Record<string, string> {
  return Object.fromEntries(
    thumbnailerNames.map((name) => [name, `https://sqs.us-east-1.amazonaws.com/123456789012/LambdaDuel-${name}-failures`]),
  );
}
