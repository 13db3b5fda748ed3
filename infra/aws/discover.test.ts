import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { ApiGatewayV2Client, GetApisCommand } from '@aws-sdk/client-apigatewayv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { discoverApiUrl, resolveApiUrl } from './discover.ts';
import { deployedOutputs } from '../testing/deployed-outputs.ts';

const apiMock = mockClient(ApiGatewayV2Client);
const client = new ApiGatewayV2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const folder = await mkdtemp(path.join(os.tmpdir(), 'lambda-duel-discover-'));

afterAll(() => rm(folder, { recursive: true, force: true }));

beforeEach(() => apiMock.reset());

describe('finding the deployed API', () => {
  it("reads every page of GetApis and returns the stack's HTTP API endpoint", async () => {
    // Given the stack's API on the second page, beside a WebSocket API of the same name
    apiMock
      .on(GetApisCommand)
      .resolvesOnce({ Items: [{ Name: 'other', ApiEndpoint: 'https://a.execute-api.eu-west-1.amazonaws.com', ProtocolType: 'HTTP' } as never], NextToken: 'page2' })
      .resolvesOnce({
        Items: [
          { Name: 'LambdaDuel', ApiEndpoint: 'wss://w.execute-api.eu-west-1.amazonaws.com', ProtocolType: 'WEBSOCKET' } as never,
          { Name: 'LambdaDuel', ApiEndpoint: 'https://abc123.execute-api.eu-west-1.amazonaws.com', ProtocolType: 'HTTP' } as never,
        ],
      });
    // When it is looked up, then the HTTP one is found, after asking for the next page by its token
    await expect(discoverApiUrl(client, 'LambdaDuel')).resolves.toBe('https://abc123.execute-api.eu-west-1.amazonaws.com');
    expect(apiMock.commandCalls(GetApisCommand).map((call) => call.args[0].input)).toEqual([{ NextToken: undefined }, { NextToken: 'page2' }]);
  });

  it('says, in one line, that the stack is not deployed in this region', async () => {
    apiMock.on(GetApisCommand).resolves({ Items: [] });
    await expect(discoverApiUrl(client, 'LambdaDuel')).rejects.toThrow(
      "no HTTP API named 'LambdaDuel' in eu-west-1: deploy the stack first with npm run deploy (or set AWS_REGION)",
    );
  });

  it('says when there are no credentials', async () => {
    apiMock.on(GetApisCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));
    await expect(discoverApiUrl(client, 'LambdaDuel')).rejects.toThrow(/^looking up the HTTP API 'LambdaDuel': no AWS credentials found: set AWS_PROFILE/);
  });

  it('takes the URL from the outputs file when there is one, without asking AWS', async () => {
    // Given what `cdk deploy --outputs-file` wrote
    const file = path.join(folder, 'outputs.json');
    await writeFile(
      file,
      JSON.stringify({ LambdaDuel: deployedOutputs('https://xyz789.execute-api.us-east-1.amazonaws.com', 'arm64') }),
    );
    await expect(resolveApiUrl(client, 'LambdaDuel', file)).resolves.toBe('https://xyz789.execute-api.us-east-1.amazonaws.com');
    expect(apiMock.calls()).toHaveLength(0);
  });

  it('asks API Gateway when there is no outputs file', async () => {
    apiMock.on(GetApisCommand).resolves({ Items: [{ Name: 'LambdaDuel', ApiEndpoint: 'https://abc123.execute-api.eu-west-1.amazonaws.com', ProtocolType: 'HTTP' } as never] });
    await expect(resolveApiUrl(client, 'LambdaDuel', path.join(folder, 'absent.json'))).resolves.toBe('https://abc123.execute-api.eu-west-1.amazonaws.com');
  });
});
