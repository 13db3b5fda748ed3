import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { architectures, contenderNames, deployedFunctions, thumbnailers, type Architecture, type DeployedName, type ThumbnailerName } from '../../functions.config.ts';
import { CommandError } from '../../toolchain/command.ts';
import { repoRoot } from '../../toolchain/paths.ts';
import { awsOutputsFile, outputKeys } from '../../formats/outputs.ts';

/** Where `npm run deploy` has `cdk deploy --outputs-file` write the stack's outputs. */
export const defaultOutputsFile = path.join(repoRoot, awsOutputsFile);

/** What a deployed stack tells the tools and the `TARGET=aws` scenarios. */
export interface DeployedStack {
  stackName: string;
  /** No trailing slash: a route is `${apiUrl}/node`. */
  apiUrl: string;
  /** Every deployed function's name in Lambda, the API's and the thumbnailers. */
  functionNames: Record<DeployedName, string>;
  bucketName: string;
  tableName: string;
  /** The thumbnailers' table. */
  metadataTableName: string;
  /** Where each thumbnailer's failed events go: an SQS queue URL. */
  failureQueueUrls: Record<ThumbnailerName, string>;
  architecture: Architecture;
}

/** The stack's outputs from the file, or undefined when there is no file (nothing deployed from here yet). */
export async function readOutputsFile(stackName: string, file: string = defaultOutputsFile): Promise<DeployedStack | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CommandError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CommandError(`invalid outputs file ${file}: not JSON (delete it and run npm run deploy again)`);
  }
  const outputs = (parsed as Record<string, unknown> | null)?.[stackName];
  if (typeof outputs !== 'object' || outputs === null) {
    throw new CommandError(`outputs file ${file} has no stack '${stackName}': run npm run deploy`);
  }
  return parseStackOutputs(stackName, outputs as Record<string, unknown>, file);
}

/** Checks every output the tools need; a missing one names its key and the file. */
export function parseStackOutputs(stackName: string, outputs: Record<string, unknown>, source: string): DeployedStack {
  const read = (key: string): string => {
    const value = outputs[key];
    if (typeof value !== 'string' || !value) throw new CommandError(`outputs file ${source} lacks ${key} for ${stackName}: run npm run deploy`);
    return value;
  };
  const architecture = read(outputKeys.architecture);
  if (!architectures.includes(architecture as Architecture)) {
    throw new CommandError(`outputs file ${source}: unknown architecture '${architecture}'`);
  }
  return {
    stackName,
    apiUrl: read(outputKeys.apiUrl).replace(/\/+$/, ''),
    functionNames: Object.fromEntries(
      deployedFunctions.map(({ name }) => [name, read(outputKeys.functionName(name as DeployedName))]),
    ) as Record<DeployedName, string>,
    bucketName: read(outputKeys.bucketName),
    tableName: read(outputKeys.tableName),
    metadataTableName: read(outputKeys.metadataTableName),
    failureQueueUrls: Object.fromEntries(
      contenderNames.map((contender) => [thumbnailers[contender].name, read(outputKeys.failureQueueUrl(thumbnailers[contender].name))]),
    ) as Record<ThumbnailerName, string>,
    architecture: architecture as Architecture,
  };
}
