import { GetApisCommand, type ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CommandError } from '../../toolchain/command.ts';
import { apiNameFor } from '../names.ts';
import { awsError } from './errors.ts';
import { readOutputsFile } from './outputs.ts';

/**
 * The base URL of a deployed stack's HTTP API, found by its name with `GetApis` (every page).
 * The `$default` stage serves at the API endpoint itself.
 */
export async function discoverApiUrl(client: ApiGatewayV2Client, stackName: string): Promise<string> {
  const apiName = apiNameFor(stackName);
  const region = await client.config.region().catch(() => 'the configured region');
  const found: string[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await client.send(new GetApisCommand({ NextToken: nextToken }));
      for (const api of page.Items ?? []) {
        if (api.Name === apiName && api.ProtocolType === 'HTTP' && api.ApiEndpoint) found.push(api.ApiEndpoint);
      }
      nextToken = page.NextToken;
    } while (nextToken);
  } catch (error) {
    throw awsError(error, `looking up the HTTP API '${apiName}'`);
  }
  if (found.length === 0) {
    throw new CommandError(`no HTTP API named '${apiName}' in ${region}: deploy the stack first with npm run deploy (or set AWS_REGION)`);
  }
  if (found.length > 1) {
    throw new CommandError(`${found.length} HTTP APIs are named '${apiName}' in ${region}: pass the outputs file of the one to use`);
  }
  return found[0]!.replace(/\/+$/, '');
}

/** The API URL from the outputs file `npm run deploy` wrote, or else from API Gateway itself. */
export async function resolveApiUrl(client: ApiGatewayV2Client, stackName: string, outputsFile?: string): Promise<string> {
  const deployed = await readOutputsFile(stackName, outputsFile);
  return deployed?.apiUrl ?? discoverApiUrl(client, stackName);
}
