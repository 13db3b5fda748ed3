import { CommandError } from '../../toolchain/command.ts';

const credentialsHelp = 'set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (README, "Run it on AWS")';

/**
 * Turns what the AWS SDK throws into one line the user can act on: no credentials, no region,
 * nothing deployed, throttled, denied. `doing` says what was being attempted ("updating LambdaDuel-node").
 * Anything that is not an AWS error is returned as it is: a bug keeps its stack.
 */
export function awsError(error: unknown, doing: string, hints: { notFound?: string } = {}): Error {
  if (!(error instanceof Error)) return new CommandError(`${doing}: ${String(error)}`);
  const name = error.name;
  const message = firstLine(error.message);
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return new CommandError(`${doing}: no AWS credentials found: ${credentialsHelp}`);
  }
  if (/region is missing/i.test(message)) return new CommandError(`${doing}: no AWS region: set AWS_REGION (or a profile's region)`);
  if (['UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException', 'ExpiredToken'].includes(name)) {
    return new CommandError(`${doing}: AWS rejected the credentials (${name}): ${credentialsHelp}`);
  }
  if (['ResourceNotFoundException', 'NotFoundException'].includes(name) || /does not exist/.test(message)) {
    return new CommandError(`${doing}: not found (${message}): ${hints.notFound ?? 'deploy the stack first with npm run deploy'}`);
  }
  if (['TooManyRequestsException', 'ThrottlingException', 'Throttling'].includes(name)) {
    return new CommandError(`${doing}: AWS throttled the request even after the SDK's retries (${name}): wait a minute, then run again`);
  }
  if (['AccessDeniedException', 'AccessDenied'].includes(name)) {
    return new CommandError(`${doing}: access denied for these credentials (${message})`);
  }
  if (isServiceError(error)) return new CommandError(`${doing}: ${name}: ${message}`);
  return error;
}

/** Errors AWS answered with carry the response's metadata; a TypeError in our code does not. */
function isServiceError(error: Error): boolean {
  return '$metadata' in error || '$fault' in error;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
