import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { resolveApiUrl } from '../infra/aws/discover.ts';
import { defaultStackName } from '../infra/names.ts';

/** `discover`: prints the deployed API's base URL, from the outputs file or API Gateway. */
export async function discover(): Promise<number> {
  console.log(await resolveApiUrl(new ApiGatewayV2Client({}), defaultStackName));
  return 0;
}
