import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { FunctionDeclaration } from '../../functions.config.ts';

/**
 * The payload-format-2.0 event API Gateway would send for a function's route, for invoking the
 * function directly (the cold-start tool) with exactly what the route delivers.
 */
export function routeEvent(declaration: FunctionDeclaration, requestId: string, now: Date): APIGatewayProxyEventV2 {
  const { method, path } = declaration.route;
  const routeKey = `${method} ${path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-length': '0', 'user-agent': 'lambda-duel-cold-starts' },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'lambda-duel',
      domainName: 'lambda-duel.execute-api.local',
      domainPrefix: 'lambda-duel',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'lambda-duel-cold-starts' },
      requestId,
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: false,
  };
}
