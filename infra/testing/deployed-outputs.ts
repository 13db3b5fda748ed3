import { functionNames } from '../../functions.config.ts';
import { outputKeys } from '../../formats/outputs.ts';
import { functionNameFor } from '../names.ts';

/** What `cdk deploy --outputs-file` writes for the stack: the API, each declared function's name, the bucket, the table and the architecture. */
export function deployedOutputs(apiUrl: string, architecture: string): Record<string, string> {
  return {
    [outputKeys.apiUrl]: apiUrl,
    ...Object.fromEntries(functionNames.map((name) => [outputKeys.functionName(name), functionNameFor('LambdaDuel', name)])),
    [outputKeys.bucketName]: 'lambdaduel-storagebucket5cb7c8ea-abc',
    [outputKeys.tableName]: 'LambdaDuel-StorageTableB43FDCE7-XYZ',
    [outputKeys.architecture]: architecture,
  };
}

/** The function names the tools read back from those outputs. */
export function deployedFunctionNames(): Record<string, string> {
  return Object.fromEntries(functionNames.map((name) => [name, functionNameFor('LambdaDuel', name)]));
}
