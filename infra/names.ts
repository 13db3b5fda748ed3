import type { FunctionName } from '../functions.config.ts';

/**
 * Names the deployed stack and the AWS tools agree on. The functions and the API carry names made
 * from the stack's name, so the tools find them even without the outputs file.
 */
export const defaultStackName = 'LambdaDuel';

export function functionNameFor(stackName: string, name: FunctionName): string {
  return `${stackName}-${name}`;
}

/** The HTTP API's name: what discovery looks for with `GetApis`. */
export function apiNameFor(stackName: string): string {
  return stackName;
}

/** A function's construct id in the stack: its name capitalised (`Node`, `Rust`), the first part of its construct paths. */
export function constructIdFor(name: FunctionName): string {
  return `${name[0]!.toUpperCase()}${name.slice(1)}`;
}
