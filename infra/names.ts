import type { DeployedName } from '../functions.config.ts';

/**
 * Names the deployed stack and the AWS tools agree on. The functions and the API carry names made
 * from the stack's name, so the tools find them even without the outputs file.
 */
export const defaultStackName = 'LambdaDuel';

/** `LambdaDuel-node`, `LambdaDuel-node-thumbnailer`: a deployed function's name in Lambda. */
export function functionNameFor(stackName: string, name: DeployedName): string {
  return `${stackName}-${name}`;
}

/** The HTTP API's name: what discovery looks for with `GetApis`. */
export function apiNameFor(stackName: string): string {
  return stackName;
}

/**
 * A function's construct id in the stack: its name in pascal case (`Node`, `Rust`,
 * `NodeThumbnailer`), the first part of its construct paths.
 */
export function constructIdFor(name: DeployedName): string {
  return name
    .split('-')
    .map((part) => `${part[0]!.toUpperCase()}${part.slice(1)}`)
    .join('');
}
