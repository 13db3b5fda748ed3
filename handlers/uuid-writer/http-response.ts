/** The function's edge: what a caller sees of an outcome, and what the log keeps of a failure. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { summarize } from './store-call.ts';
import { runtime, type WriteFailed, type WriteOutcome, type WriteUnknown } from './write-uuid.ts';

/** The only failure body a caller ever sees; the detail goes to the log. */
const storageUnavailable = JSON.stringify({ message: 'storage unavailable' });

export function toHttpResponse(outcome: WriteOutcome, coldStart: boolean): APIGatewayProxyStructuredResultV2 {
  const headers = { 'content-type': 'application/json', 'x-cold-start': String(coldStart) };
  if (outcome.kind !== 'written') return { statusCode: 502, headers, body: storageUnavailable };
  const { id, key } = outcome;
  return { statusCode: 201, headers, body: JSON.stringify({ id, runtime, key, coldStart }) };
}

/**
 * One JSON line, so CloudWatch Logs Insights can filter on its fields: `outcome` says whether the
 * store refused (`failed`) or may still apply the write (`unknown`), `key` names the object.
 */
export function logFailure(failure: WriteFailed | WriteUnknown, requestId: string): void {
  const { kind, step, key, error } = failure;
  const cleanupError = failure.kind === 'failed' ? failure.cleanupError : undefined;
  const line = {
    level: 'ERROR',
    message: failureMessage(failure),
    outcome: kind,
    step,
    key,
    error: summarize(error),
    ...(cleanupError === undefined ? {} : { cleanupError: summarize(cleanupError) }),
    requestId,
  };
  console.error(JSON.stringify(line));
}

function failureMessage(failure: WriteFailed | WriteUnknown): string {
  if (failure.kind === 'unknown') return 'storage write outcome unknown, object kept';
  return failure.cleanupError === undefined ? 'storage write failed' : 'storage write failed, object left behind';
}
