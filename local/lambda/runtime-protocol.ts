/**
 * The Lambda Runtime API's names (2018-06-01), shared by the stand-in's server and the Node
 * runtime client. Constants only, so the bundled client carries none of the server's code.
 */
export const runtimeApiVersion = '2018-06-01';

export const runtimeApiPrefix = `/${runtimeApiVersion}/runtime`;

/** Header names, lower-case as both ends' head parsers (http-head.ts) key them. */
export const runtimeHeaders = {
  requestId: 'lambda-runtime-aws-request-id',
  deadlineMs: 'lambda-runtime-deadline-ms',
  invokedFunctionArn: 'lambda-runtime-invoked-function-arn',
  traceId: 'lambda-runtime-trace-id',
  clientContext: 'lambda-runtime-client-context',
  cognitoIdentity: 'lambda-runtime-cognito-identity',
  functionErrorType: 'lambda-runtime-function-error-type',
} as const;
